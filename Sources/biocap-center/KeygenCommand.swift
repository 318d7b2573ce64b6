import ArgumentParser
import BiocapHandoff
import Crypto
import Foundation

/// `biocap-center keygen --out DIR`: the centre's X25519 key pair as PEM that `openssl pkey` reads.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make the centre's key pair: center-private.pem (PKCS#8, mode 0600) and center-public.pem (SubjectPublicKeyInfo).")

    @Option(help: "Folder to write the two files into (created if missing).")
    var out: String

    @Flag(help: "Replace existing key files (packets sealed to the old key can then no longer be opened with them).")
    var force = false

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        let privateURL = folder.appendingPathComponent("center-private.pem")
        let publicURL = folder.appendingPathComponent("center-public.pem")
        if !force, FileManager.default.fileExists(atPath: privateURL.path) || FileManager.default.fileExists(atPath: publicURL.path) {
            throw ValidationError("\(out) already holds a centre key; keeping it (--force replaces it)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let key = Curve25519.KeyAgreement.PrivateKey()
            try CenterFiles.writePrivate(CenterKeyPEM.privatePEM(key), to: privateURL)
            try Data(CenterKeyPEM.publicPEM(key.publicKey).utf8).write(to: publicURL, options: .atomic)
            print("wrote \(privateURL.path) (keep it at the centre, mode 0600)")
            print("wrote \(publicURL.path) (give it to every kit: uplink.centerPublicKeyFile)")
        } catch {
            throw ValidationError("cannot write the keys into \(out): \(error.localizedDescription)")
        }
    }
}
