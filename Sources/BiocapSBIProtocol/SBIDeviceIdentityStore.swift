import Foundation
import SwiftASN1
import X509
import _CryptoExtras
#if canImport(Glibc)
import Glibc
#endif

/// Where the SBI device key and its certificate live, kept like the kit's keys (`KitKeyStore`): a directory of mode
/// 0700 holding the key (PKCS#8 PEM, mode 0600, refused when group or world may read it) and the self-signed device
/// certificate (PEM), created on first start and written atomically (a temporary file, fsynced, then renamed).
/// A device provider's key and chain are loaded from their own files with `load(keyFile:chainFile:now:)`.
public enum SBIDeviceIdentityStore {
    /// The device key's file name in the directory.
    public static let keyName = "sbi-device-key.pem"
    /// The device certificate's file name in the directory.
    public static let certificateName = "sbi-device-certificate.pem"

    /// What `loadOrCreate` did, for the daemon's log.
    public enum Outcome: Sendable, Equatable {
        /// A new key and certificate were made (first start, or a certificate left without its key).
        case created
        /// Both were loaded unchanged.
        case loaded
        /// The key was kept and a new self-signed certificate replaced the old one, for `reason`.
        case certificateRenewed(reason: String)
    }

    /// An identity and how it came about.
    public struct Loaded: Sendable {
        /// The key and certificate to sign with.
        public let identity: SBIDeviceIdentity
        /// Created, loaded or renewed (and why).
        public let outcome: Outcome
        /// Where the key is.
        public let keyPath: String
        /// Where the certificate is.
        public let certificatePath: String
    }

    /// Loads the device key and certificate from `directory`, creating them there when there is no key. Never
    /// replaces an existing key; replaces a certificate that is unreadable, expired, not yet valid or that
    /// certifies another key with a new self-signed one (`Outcome.certificateRenewed` says why).
    /// - Throws: `SBIIdentityStoreError` naming the file.
    public static func loadOrCreate(directory: String, commonName: String, now: Date = Date()) throws(SBIIdentityStoreError) -> Loaded {
        let keyPath = path(directory, keyName)
        let certificatePath = path(directory, certificateName)
        guard FileManager.default.fileExists(atPath: keyPath) else {
            let identity: SBIDeviceIdentity
            do { identity = try SBIDeviceIdentity.generate(commonName: commonName, now: now) } catch {
                throw .unwritable(path: keyPath, reason: error.description)
            }
            try makeDirectory(directory)
            try writeAtomically(Array(identity.key.pkcs8PEMRepresentation.utf8), to: keyPath, mode: 0o600)
            try writeAtomically(pem(identity.chain), to: certificatePath, mode: 0o644)
            return Loaded(identity: identity, outcome: .created, keyPath: keyPath, certificatePath: certificatePath)
        }
        let key = try readKey(keyPath)
        if let reason = staleReason(certificatePath: certificatePath, keyPath: keyPath, key: key, now: now) {
            let identity: SBIDeviceIdentity
            do { identity = try SBIDeviceIdentity.selfSigned(key: key, commonName: commonName, now: now) } catch {
                throw .unwritable(path: certificatePath, reason: error.description)
            }
            try makeDirectory(directory)
            try writeAtomically(pem(identity.chain), to: certificatePath, mode: 0o644)
            return Loaded(identity: identity, outcome: .certificateRenewed(reason: reason), keyPath: keyPath,
                          certificatePath: certificatePath)
        }
        let identity = try load(keyPath: keyPath, key: key, chainFile: certificatePath, now: now)
        return Loaded(identity: identity, outcome: .loaded, keyPath: keyPath, certificatePath: certificatePath)
    }

    /// Loads a device provider's key (PEM, PKCS#8 or PKCS#1, owner-readable only) and certificate chain (PEM, the
    /// device certificate first), checking that the key has at least 2048 bits, that the first certificate certifies
    /// it and that it is valid at `now`.
    /// - Throws: `SBIIdentityStoreError` saying which file is wrong and how.
    public static func load(keyFile: String, chainFile: String, now: Date = Date()) throws(SBIIdentityStoreError) -> SBIDeviceIdentity {
        try load(keyPath: keyFile, key: try readKey(keyFile), chainFile: chainFile, now: now)
    }

    private static func load(keyPath: String, key: _RSA.Signing.PrivateKey, chainFile: String, now: Date) throws(SBIIdentityStoreError) -> SBIDeviceIdentity {
        let chain = try readChain(chainFile)
        let publicKey = Certificate.PublicKey(key.publicKey)
        guard chain[0].certificate.publicKey == publicKey else {
            let leafLater = chain.dropFirst().contains { $0.certificate.publicKey == publicKey }
            throw .keyMismatch(keyPath: keyPath, certificatePath: chainFile,
                               hint: leafLater ? "the key's certificate is in the chain but not first; list the device certificate first" : nil)
        }
        let leaf = chain[0].certificate
        guard now >= leaf.notValidBefore else { throw .certificateNotYetValid(path: chainFile, notBefore: leaf.notValidBefore) }
        guard now <= leaf.notValidAfter else { throw .certificateExpired(path: chainFile, notAfter: leaf.notValidAfter) }
        do {
            return try SBIDeviceIdentity(key: key, chain: chain.map(\.der))
        } catch {
            throw .malformedCertificate(path: chainFile, reason: error.description)
        }
    }

    /// Why the stored certificate cannot be used with `key` at `now`, or nil when it can.
    private static func staleReason(certificatePath: String, keyPath: String, key: _RSA.Signing.PrivateKey, now: Date) -> String? {
        guard FileManager.default.fileExists(atPath: certificatePath) else { return "\(certificatePath) is missing" }
        let leaf: Certificate
        do { leaf = try readChain(certificatePath)[0].certificate } catch { return error.description }
        if leaf.publicKey != Certificate.PublicKey(key.publicKey) {
            return "the certificate in \(certificatePath) does not certify the key \(keyPath)"
        }
        if now > leaf.notValidAfter { return "the certificate expired at \(SBITimestamp.string(leaf.notValidAfter))" }
        if now < leaf.notValidBefore { return "the certificate is not valid before \(SBITimestamp.string(leaf.notValidBefore))" }
        return nil
    }

    // MARK: Files

    private static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    private static func readKey(_ path: String) throws(SBIIdentityStoreError) -> _RSA.Signing.PrivateKey {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & 0o077 == 0 else { throw .insecurePermissions(path: path, mode: UInt16(status.st_mode & 0o777)) }
        let text = try readText(path)
        let key: _RSA.Signing.PrivateKey
        // The unsafe initialiser accepts 1024-bit keys so the error below can say how short the key is.
        do { key = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: text) } catch {
            throw .malformedKey(path: path, reason: "\(error)")
        }
        guard key.keySizeInBits >= 2048 else { throw .weakKey(path: path, bits: key.keySizeInBits) }
        return key
    }

    /// The PEM certificates of a file, in order, with their DER.
    private static func readChain(_ path: String) throws(SBIIdentityStoreError) -> [(certificate: Certificate, der: [UInt8])] {
        let text = try readText(path)
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: text) } catch {
            throw .malformedCertificate(path: path, reason: "not PEM: \(error)")
        }
        var chain: [(certificate: Certificate, der: [UInt8])] = []
        for (index, document) in documents.enumerated() where document.discriminator == "CERTIFICATE" {
            do { chain.append((try Certificate(derEncoded: document.derBytes), document.derBytes)) } catch {
                throw .malformedCertificate(path: path, reason: "certificate \(index + 1) is not X.509: \(error)")
            }
        }
        guard !chain.isEmpty else { throw .malformedCertificate(path: path, reason: "no '-----BEGIN CERTIFICATE-----' block") }
        return chain
    }

    private static func readText(_ path: String) throws(SBIIdentityStoreError) -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }

    private static func pem(_ chain: [[UInt8]]) -> [UInt8] {
        Array(chain.map { PEMDocument(type: "CERTIFICATE", derBytes: $0).pemString + "\n" }.joined().utf8)
    }

    private static func makeDirectory(_ directory: String) throws(SBIIdentityStoreError) {
        guard !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } catch {
            throw .unwritable(path: directory, reason: error.localizedDescription)
        }
    }

    /// Writes `bytes` to a temporary file created with `mode` (never briefly readable by others), fsyncs it, renames
    /// it over `path` and fsyncs the directory: a crash leaves the old file or the new one, never half of one.
    private static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SBIIdentityStoreError) {
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .unwritable(path: temporary, reason: String(cString: strerror(errno))) }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = written == bytes.count && fsync(descriptor) == 0
        let reason = String(cString: strerror(errno))
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .unwritable(path: path, reason: synced ? String(cString: strerror(errno)) : reason)
        }
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 { fsync(directory); close(directory) }
    }
}
