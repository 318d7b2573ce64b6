import Crypto
import BiocapHandoff
import Foundation

/// Reading and writing the centre's files: its private key, the store credentials, kits' registered keys.
enum CenterFiles {
    /// Writes a private key readable by its owner only, created with mode 0600 (never briefly wider).
    static func writePrivate(_ text: String, to url: URL) throws {
        let temporary = url.path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            throw POSIXError(.EIO)
        }
    }

    static func centerKey(_ path: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CenterError("the centre's private key \(path) cannot be read")
        }
        do { return try CenterKeyPEM.privateKey(pem: text) } catch {
            throw CenterError("\(path): \(error) (biocap-center keygen writes center-private.pem)")
        }
    }

    /// `KIT=FILE` pairs: each kit's signing key registered at the centre (what `biocapctl kit public-key` printed).
    static func registeredKeys(_ pairs: [String]) throws -> [String: [Curve25519.Signing.PublicKey]] {
        var keys: [String: [Curve25519.Signing.PublicKey]] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let text = try? String(contentsOfFile: parts[1], encoding: .utf8) else {
                throw CenterError("--kit-key \(pair): expected KIT-ID=FILE with a readable PEM file")
            }
            do { keys[parts[0], default: []].append(try KitPublicKeyPEM.signingKey(pem: text)) } catch {
                throw CenterError("--kit-key \(pair): \(error)")
            }
        }
        return keys
    }
}

struct CenterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
