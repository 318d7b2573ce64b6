import BiocapProtection
import BiocapTestSupport
import Foundation
import Testing

/// The kit's keys on disk: created once with owner-only permissions, loaded the same afterwards, and refused —
/// never silently replaced — when they are exposed, damaged or half missing.
@Suite struct KitKeyStoreTests {
    static func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func keysAreCreatedOwnerOnlyAndLoadedAgain() throws {
        let directory = try TestData.temporaryDirectory("kit-keys")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyDirectory = directory.appendingPathComponent("keys").path
        let created = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        #expect(try Self.permissions(keyDirectory) == 0o700)
        for name in [KitKeyStore.signingName, KitKeyStore.agreementName] {
            #expect(try Self.permissions((keyDirectory as NSString).appendingPathComponent(name)) == 0o600)
        }
        let loaded = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        #expect(loaded.signingFingerprint == created.signingFingerprint && loaded.agreementFingerprint == created.agreementFingerprint)
        #expect(created.signingPublicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
    }

    @Test func exposedDamagedOrHalfMissingKeysAreRefused() throws {
        let directory = try TestData.temporaryDirectory("kit-keys-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyDirectory = directory.appendingPathComponent("keys").path
        _ = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        let signing = (keyDirectory as NSString).appendingPathComponent(KitKeyStore.signingName)
        let agreement = (keyDirectory as NSString).appendingPathComponent(KitKeyStore.agreementName)

        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: signing)
        #expect(throws: KitKeyError.insecurePermissions(path: signing, mode: 0o640)) {
            try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: signing)

        let original = try Data(contentsOf: URL(fileURLWithPath: agreement))
        try Data(original.prefix(20)).write(to: URL(fileURLWithPath: agreement))
        #expect(throws: KitKeyError.malformed(path: agreement, reason: "20 bytes, expected 32")) {
            try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        }
        try FileManager.default.removeItem(atPath: agreement)
        #expect(throws: KitKeyError.incomplete(present: signing, missing: agreement)) {
            try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        }
        // Nothing was replaced.
        #expect(!FileManager.default.fileExists(atPath: agreement))
    }

    /// A first start killed while it writes the keys (found by `ProtectionTests.aSealingMigrationKilledHalfWayLosesNothing`
    /// under load: the signing key written, the agreement key not, and the queue refused to open ever after).
    @Test func aFirstStartKilledWhileWritingTheKeysLeavesNoneOrAWholePair() throws {
        let directory = try TestData.temporaryDirectory("kit-keys-killed")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyDirectory = directory.appendingPathComponent("keys").path
        let manager = FileManager.default
        func file(_ name: String) -> String { (keyDirectory as NSString).appendingPathComponent(name) }
        try manager.createDirectory(atPath: keyDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

        // Killed while writing the first file: an empty new signing key, nothing else. A fresh pair is made.
        #expect(manager.createFile(atPath: file(KitKeyStore.signingName + ".new"), contents: Data(), attributes: [.posixPermissions: 0o600]))
        let fresh = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        #expect(!manager.fileExists(atPath: file(KitKeyStore.signingName + ".new")))
        let reloaded = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        #expect(reloaded.signingFingerprint == fresh.signingFingerprint && reloaded.agreementFingerprint == fresh.agreementFingerprint)

        // Killed between the two renames: the signing key in place, the agreement key still under its new name.
        try manager.moveItem(atPath: file(KitKeyStore.agreementName), toPath: file(KitKeyStore.agreementName + ".new"))
        let finished = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:])
        #expect(finished.signingFingerprint == fresh.signingFingerprint && finished.agreementFingerprint == fresh.agreementFingerprint)
        #expect(manager.fileExists(atPath: file(KitKeyStore.agreementName)) && !manager.fileExists(atPath: file(KitKeyStore.agreementName + ".new")))

        // A rotation killed between its two renames: the new signing key in place, the old agreement key beside the
        // new one. The new pair is finished, not the new signing key paired with the old agreement key.
        let rotated = try KitKeyStore.prepareRotation(directory: keyDirectory)
        try manager.removeItem(atPath: file(KitKeyStore.signingName))
        try manager.moveItem(atPath: file(KitKeyStore.signingName + ".new"), toPath: file(KitKeyStore.signingName))
        let afterRotation = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: [:], expecting: rotated.signingFingerprint)
        #expect(afterRotation.signingFingerprint == rotated.signingFingerprint && afterRotation.agreementFingerprint == rotated.agreementFingerprint)
    }

    @Test func systemdCredentialsWinOverTheKeyDirectory() throws {
        let directory = try TestData.temporaryDirectory("kit-keys-credentials")
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentials = directory.appendingPathComponent("credentials").path
        let keys = KitKeys.generate()
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try keys.signing.rawRepresentation.write(to: URL(fileURLWithPath: (credentials as NSString).appendingPathComponent(KitKeyStore.signingName)))
        try keys.agreement.rawRepresentation.write(to: URL(fileURLWithPath: (credentials as NSString).appendingPathComponent(KitKeyStore.agreementName)))
        let keyDirectory = directory.appendingPathComponent("keys").path
        let loaded = try KitKeyStore.loadOrCreate(directory: keyDirectory, environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(loaded.signingFingerprint == keys.signingFingerprint)
        #expect(!FileManager.default.fileExists(atPath: keyDirectory), "no key files are made when credentials are passed")
    }
}
