import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the kit's keys live: systemd credentials when the unit passes them (`LoadCredentialEncrypted=`, so a kit
/// with a TPM keeps them sealed on disk), else two files in a key directory (mode 0700, files 0600), created on
/// first use. Each file holds the raw 32-byte private key.
public enum KitKeyStore {
    public static let signingName = "biocap-kit-signing.key"
    public static let agreementName = "biocap-kit-agreement.key"

    /// True when the unit passes the keys as systemd credentials (then they cannot be rotated from here).
    public static func credentialsInUse(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty else { return false }
        return [signingName, agreementName].allSatisfy {
            FileManager.default.fileExists(atPath: (credentials as NSString).appendingPathComponent($0))
        }
    }

    /// Loads the keys from `$CREDENTIALS_DIRECTORY` when both credentials are there, else from `directory`,
    /// creating both there when neither exists. Never replaces an existing key.
    ///
    /// A rotation cut short leaves new key files beside the live ones (`*.new`): when `expecting` (the signing key
    /// the queue was last sealed under) is the new key, the rotation had committed and the new files replace the
    /// old; otherwise they are removed and the old keys stay.
    /// - Throws: `KitKeyError` naming the file.
    public static func loadOrCreate(
        directory: String, environment: [String: String] = ProcessInfo.processInfo.environment, expecting: String? = nil
    ) throws(KitKeyError) -> KitKeys {
        if !FileManager.default.fileExists(atPath: path(directory, signingName) + ".new"),
           FileManager.default.fileExists(atPath: path(directory, agreementName) + ".new") {
            // A commit cut short between its two renames (the signing key is renamed first, and a new agreement key
            // is only ever left alone that way): the pair was whole and committed, finish it.
            try commitRotation(directory: directory)
        }
        if let pending = try? loadPair(directory: directory, suffix: ".new") {
            if pending.signingFingerprint == expecting { try commitRotation(directory: directory) } else { abandonRotation(directory: directory) }
        }
        if let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty {
            let signing = (credentials as NSString).appendingPathComponent(signingName)
            let agreement = (credentials as NSString).appendingPathComponent(agreementName)
            if FileManager.default.fileExists(atPath: signing), FileManager.default.fileExists(atPath: agreement) {
                // systemd owns the credentials' permissions (readable by the service only).
                return try keys(signing: try read(signing, checkMode: false), agreement: try read(agreement, checkMode: false),
                                signingPath: signing, agreementPath: agreement)
            }
        }
        let signing = (directory as NSString).appendingPathComponent(signingName)
        let agreement = (directory as NSString).appendingPathComponent(agreementName)
        let manager = FileManager.default
        switch (manager.fileExists(atPath: signing), manager.fileExists(atPath: agreement)) {
        case (true, true):
            return try keys(signing: try read(signing, checkMode: true), agreement: try read(agreement, checkMode: true),
                            signingPath: signing, agreementPath: agreement)
        case (true, false): throw .incomplete(present: signing, missing: agreement)
        case (false, true): throw .incomplete(present: agreement, missing: signing)
        case (false, false):
            // Written like a rotation, as `*.new` files then renamed, so a start killed at any point leaves either
            // no key (a new pair is made next time, and half-written `*.new` files are dropped), or the whole pair.
            let created = KitKeys.generate()
            try makeDirectory(directory)
            abandonRotation(directory: directory)
            try write(created.signing.rawRepresentation, to: signing + ".new")
            try write(created.agreement.rawRepresentation, to: agreement + ".new")
            try commitRotation(directory: directory)
            return created
        }
    }

    /// True when either key file (or a rotation's new file) exists in `directory`.
    public static func keysExist(directory: String) -> Bool {
        [signingName, agreementName].contains { name in
            [name, name + ".new"].contains { FileManager.default.fileExists(atPath: path(directory, $0)) }
        }
    }

    // MARK: Rotation

    /// Step 1 of a rotation: new keys, written beside the live ones as `*.new` (owner-only, fsynced).
    public static func prepareRotation(directory: String) throws(KitKeyError) -> KitKeys {
        abandonRotation(directory: directory)
        let created = KitKeys.generate()
        try write(created.signing.rawRepresentation, to: path(directory, signingName) + ".new")
        try write(created.agreement.rawRepresentation, to: path(directory, agreementName) + ".new")
        return created
    }

    /// Step 3, once the queue committed to the new keys: the new files replace the old (atomic renames).
    public static func commitRotation(directory: String) throws(KitKeyError) {
        for name in [signingName, agreementName] {
            let target = path(directory, name)
            guard rename(target + ".new", target) == 0 || !FileManager.default.fileExists(atPath: target + ".new") else {
                throw .unreadable(path: target, reason: "cannot replace it with the rotated key: \(String(cString: strerror(errno)))")
            }
        }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 { fsync(descriptor); close(descriptor) }
    }

    /// Undoes step 1 (the queue did not take the new keys).
    public static func abandonRotation(directory: String) {
        // The agreement key first: a new agreement key left alone means a commit to finish (`loadOrCreate`), so an
        // abandon cut short must never leave one.
        for name in [agreementName, signingName] { unlink(path(directory, name) + ".new") }
    }

    private static func loadPair(directory: String, suffix: String) throws(KitKeyError) -> KitKeys {
        let signing = path(directory, signingName) + suffix, agreement = path(directory, agreementName) + suffix
        return try keys(signing: try read(signing, checkMode: true), agreement: try read(agreement, checkMode: true),
                        signingPath: signing, agreementPath: agreement)
    }

    private static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    private static func keys(signing: Data, agreement: Data, signingPath: String, agreementPath: String) throws(KitKeyError) -> KitKeys {
        let signingKey: Curve25519.Signing.PrivateKey
        let agreementKey: Curve25519.KeyAgreement.PrivateKey
        do { signingKey = try .init(rawRepresentation: signing) } catch {
            throw .malformed(path: signingPath, reason: "\(error)")
        }
        do { agreementKey = try .init(rawRepresentation: agreement) } catch {
            throw .malformed(path: agreementPath, reason: "\(error)")
        }
        return KitKeys(signing: signingKey, agreement: agreementKey)
    }

    private static func read(_ path: String, checkMode: Bool) throws(KitKeyError) -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        if checkMode, status.st_mode & 0o077 != 0 {
            throw .insecurePermissions(path: path, mode: UInt16(status.st_mode & 0o777))
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        guard data.count == 32 else { throw .malformed(path: path, reason: "\(data.count) bytes, expected 32") }
        return data
    }

    private static func makeDirectory(_ directory: String) throws(KitKeyError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } catch {
            throw .unreadable(path: directory, reason: error.localizedDescription)
        }
    }

    /// Writes a new key file with mode 0600 from the start (never briefly readable by others), fsynced.
    private static func write(_ key: Data, to path: String) throws(KitKeyError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let written = key.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == key.count, fsync(descriptor) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
