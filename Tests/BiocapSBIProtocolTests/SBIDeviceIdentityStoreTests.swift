import BiocapSBIProtocol
import Foundation
import Testing

/// The SBI device key and certificate on disk: created once (owner-only), loaded the same afterwards, the
/// certificate renewed (never the key) when it expired or certifies another key; a provider's key and chain loaded
/// with every mismatch refused by name. openssl reads what we write.
@Suite struct SBIDeviceIdentityStoreTests {
    static let commonName = "biocap SBI test device"

    @Test(.enabled(if: OpenSSL.enabled, "needs openssl"))
    func firstStartCreatesAnOwnerOnlyKeyAndACertificateThatOpenSSLReads() throws {
        let files = try SBITestFiles("sbi-identity")
        let directory = files.path("keys/sbi")
        let loaded = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        #expect(loaded.outcome == .created)
        #expect(try SBITestFiles.mode(directory) == 0o700)
        #expect(try SBITestFiles.mode(loaded.keyPath) == 0o600)
        #expect(loaded.keyPath.hasSuffix("/" + SBIDeviceIdentityStore.keyName))
        let keyText = try String(contentsOfFile: loaded.keyPath, encoding: .utf8)
        #expect(keyText.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try OpenSSL.succeed(["rsa", "-in", loaded.keyPath, "-check", "-noout"]).contains("RSA key ok"))
        let text = try OpenSSL.succeed(["x509", "-in", loaded.certificatePath, "-noout", "-text"])
        #expect(text.contains("CN = \(Self.commonName)"))
        #expect(text.contains("Public-Key: (2048 bit)"))
        #expect(text.contains("sha256WithRSAEncryption"))
        // The certificate certifies the key: openssl derives the same public key from both.
        let fromKey = try OpenSSL.succeed(["pkey", "-in", loaded.keyPath, "-pubout"])
        let fromCertificate = try OpenSSL.succeed(["x509", "-in", loaded.certificatePath, "-pubkey", "-noout"])
        #expect(fromKey == fromCertificate)
        #expect(!FileManager.default.fileExists(atPath: loaded.keyPath + ".tmp-\(getpid())"))
    }

    @Test func laterStartsLoadTheSameKeyAndCertificate() throws {
        let files = try SBITestFiles("sbi-identity-reload")
        let directory = files.path("sbi")
        let created = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        let keyBytes = try files.read("sbi/" + SBIDeviceIdentityStore.keyName)
        let reloaded = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        #expect(reloaded.outcome == .loaded)
        #expect(reloaded.identity.chain == created.identity.chain)
        #expect(try files.read("sbi/" + SBIDeviceIdentityStore.keyName) == keyBytes)
        // What the reloaded identity signs verifies with the certificate made at first start.
        let jws = try SBIJWS.sign(["probe": "value"], with: reloaded.identity)
        let verified = try SBIJWS.verify(jws, now: Date())
        #expect(verified.certificate == (try created.identity.certificate))
    }

    @Test func aKeyReadableByOthersIsRefused() throws {
        let files = try SBITestFiles("sbi-identity-mode")
        let directory = files.path("sbi")
        let created = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: created.keyPath)
        #expect(throws: SBIIdentityStoreError.insecurePermissions(path: created.keyPath, mode: 0o644)) {
            try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        }
        #expect(throws: SBIIdentityStoreError.insecurePermissions(path: created.keyPath, mode: 0o644)) {
            try SBIDeviceIdentityStore.load(keyFile: created.keyPath, chainFile: created.certificatePath)
        }
    }

    @Test func anExpiredCertificateIsRenewedAndTheKeyKept() throws {
        let files = try SBITestFiles("sbi-identity-expired")
        let directory = files.path("sbi")
        let longAgo = Date().addingTimeInterval(-11 * 365 * 86_400)
        let created = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName, now: longAgo)
        let renewed = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        guard case .certificateRenewed(let reason) = renewed.outcome else {
            Issue.record("expected a renewal, got \(renewed.outcome)")
            return
        }
        #expect(reason.contains("expired"))
        #expect(renewed.identity.chain != created.identity.chain)
        #expect(try renewed.identity.certificate.publicKey == created.identity.certificate.publicKey)
        #expect(try renewed.identity.certificate.notValidAfter > Date())
        #expect(try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName).outcome == .loaded)
    }

    @Test func aCertificateOfAnotherKeyIsReplaced() throws {
        let files = try SBITestFiles("sbi-identity-mismatch")
        let directory = files.path("sbi")
        let created = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        let stranger = try SBIDeviceIdentity.generate(commonName: "someone else")
        try Data(try SBICertificateSummary(stranger.certificate).pem.utf8).write(to: URL(fileURLWithPath: created.certificatePath))
        // As a provider chain the pair is refused outright …
        #expect(throws: SBIIdentityStoreError.keyMismatch(keyPath: created.keyPath, certificatePath: created.certificatePath, hint: nil)) {
            try SBIDeviceIdentityStore.load(keyFile: created.keyPath, chainFile: created.certificatePath)
        }
        // … while the store's own self-signed certificate is renewed for the kept key.
        let renewed = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: Self.commonName)
        guard case .certificateRenewed(let reason) = renewed.outcome else {
            Issue.record("expected a renewal, got \(renewed.outcome)")
            return
        }
        #expect(reason.contains("does not certify"))
        #expect(try renewed.identity.certificate.publicKey == created.identity.certificate.publicKey)
    }

    /// A provider's CA and a device certificate it issued, made with openssl; the key in PKCS#1 (`RSA PRIVATE KEY`).
    struct ProviderFiles {
        let files: SBITestFiles
        var key: String { files.path("device.key") }
        var leaf: String { files.path("device.pem") }
        var ca: String { files.path("ca.pem") }
        var chain: String { files.path("chain.pem") }
        var reversedChain: String { files.path("reversed.pem") }

        init(_ files: SBITestFiles, bits: Int = 2048, days: Int = 30) throws {
            self.files = files
            try OpenSSL.succeed(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", files.path("ca.key"), "-out", files.path("ca.pem"),
                                 "-days", "365", "-subj", "/CN=Test Device Provider CA"])
            try OpenSSL.succeed(["genrsa", "-traditional", "-out", files.path("device.key"), "\(bits)"])
            try OpenSSL.succeed(["req", "-new", "-key", files.path("device.key"), "-out", files.path("device.csr"), "-subj", "/CN=Provider Device 42"])
            try OpenSSL.succeed(["x509", "-req", "-in", files.path("device.csr"), "-CA", files.path("ca.pem"), "-CAkey", files.path("ca.key"),
                                 "-CAcreateserial", "-days", "\(days)", "-sha256", "-out", files.path("device.pem")])
            chmod(files.path("device.key"), 0o600)
            let leafBytes = try files.read("device.pem"), caBytes = try files.read("ca.pem")
            _ = try files.write(leafBytes + caBytes, "chain.pem")
            _ = try files.write(caBytes + leafBytes, "reversed.pem")
        }
    }

    @Test(.enabled(if: OpenSSL.enabled, "needs openssl"))
    func aProvidersPKCS1KeyAndChainAreLoadedLeafFirst() throws {
        let provider = try ProviderFiles(try SBITestFiles("sbi-provider"))
        #expect(try String(contentsOfFile: provider.key, encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let identity = try SBIDeviceIdentityStore.load(keyFile: provider.key, chainFile: provider.chain)
        #expect(identity.chain.count == 2)
        #expect(try identity.certificate.subject.description.contains("Provider Device 42"))
        let jws = try SBIJWS.sign(["x": "y"], with: identity)
        let verified = try SBIJWS.verify(jws, now: Date())
        #expect(verified.header.x5c?.count == 2)
        #expect(verified.certificate == (try identity.certificate))
    }

    @Test(.enabled(if: OpenSSL.enabled, "needs openssl"))
    func aProviderChainWithTheWrongKeyOrOrderOrDatesIsRefused() throws {
        let files = try SBITestFiles("sbi-provider-bad")
        let provider = try ProviderFiles(files)
        #expect(throws: SBIIdentityStoreError.keyMismatch(
            keyPath: provider.key, certificatePath: provider.reversedChain,
            hint: "the key's certificate is in the chain but not first; list the device certificate first")) {
            try SBIDeviceIdentityStore.load(keyFile: provider.key, chainFile: provider.reversedChain)
        }
        let otherKey = files.path("other.key")
        try OpenSSL.succeed(["genrsa", "-out", otherKey, "2048"])
        chmod(otherKey, 0o600)
        #expect(throws: SBIIdentityStoreError.keyMismatch(keyPath: otherKey, certificatePath: provider.chain, hint: nil)) {
            try SBIDeviceIdentityStore.load(keyFile: otherKey, chainFile: provider.chain)
        }
        let identity = try SBIDeviceIdentityStore.load(keyFile: provider.key, chainFile: provider.chain)
        let notAfter = try identity.certificate.notValidAfter
        let notBefore = try identity.certificate.notValidBefore
        #expect(throws: SBIIdentityStoreError.certificateExpired(path: provider.chain, notAfter: notAfter)) {
            try SBIDeviceIdentityStore.load(keyFile: provider.key, chainFile: provider.chain, now: notAfter.addingTimeInterval(1))
        }
        #expect(throws: SBIIdentityStoreError.certificateNotYetValid(path: provider.chain, notBefore: notBefore)) {
            try SBIDeviceIdentityStore.load(keyFile: provider.key, chainFile: provider.chain, now: notBefore.addingTimeInterval(-1))
        }
        _ = try files.write(Array("not a certificate\n".utf8), "garbage.pem")
        #expect(throws: SBIIdentityStoreError.malformedCertificate(path: files.path("garbage.pem"), reason: "no '-----BEGIN CERTIFICATE-----' block")) {
            try SBIDeviceIdentityStore.load(keyFile: provider.key, chainFile: files.path("garbage.pem"))
        }
    }

    @Test(.enabled(if: OpenSSL.enabled, "needs openssl"))
    func aKeyUnder2048BitsIsRefusedSayingHowLongItIs() throws {
        let files = try SBITestFiles("sbi-provider-weak")
        let weak = files.path("weak.key")
        try OpenSSL.succeed(["genrsa", "-out", weak, "1024"])
        chmod(weak, 0o600)
        try OpenSSL.succeed(["req", "-x509", "-key", weak, "-out", files.path("weak.pem"), "-days", "30", "-subj", "/CN=weak"])
        #expect(throws: SBIIdentityStoreError.weakKey(path: weak, bits: 1024)) {
            try SBIDeviceIdentityStore.load(keyFile: weak, chainFile: files.path("weak.pem"))
        }
    }
}
