import BiocapSBIProtocol
import Crypto
import Foundation
import SwiftASN1
import Testing
import X509
import _CryptoExtras

/// RS256 JWS verification: our signatures verify (and openssl agrees), openssl's verify with us, and every kind of
/// tampering or wrong certificate is refused with its own error.
@Suite struct SBIJWSVerifyTests {
    static let identity = Result { try SBIDeviceIdentity.generate(commonName: "biocap JWS test") }
    static let digitalID = SBIDigitalID(serialNo: "SN-1", make: "biocap", model: "simulated slap", type: "Finger",
                                         deviceSubType: "Slap", deviceProvider: "biocap", deviceProviderId: "biocap",
                                         dateTime: "2026-12-02T14:07:26Z")

    /// Replaces part `index` (0 header, 1 payload, 2 signature) of a compact JWS.
    static func replacing(_ compact: String, part index: Int, with text: String) -> String {
        var parts = compact.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts[index] = text
        return parts.joined(separator: ".")
    }

    /// A JWS with a header of our choosing, signed with `key` (RS256 over exactly what is sent).
    static func signed(header: String, payload: [UInt8], key: _RSA.Signing.PrivateKey) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(payload)
        let signature = try key.signature(for: SHA256.hash(data: Array(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(Array(signature.rawRepresentation))
    }

    static func header(alg: String = "RS256", certificate der: [UInt8]) -> String {
        #"{"alg":"\#(alg)","typ":"JWT","x5c":["\#(Data(der).base64EncodedString())"]}"#
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    @Test func aSignedPayloadVerifiesAndDecodes() throws {
        let identity = try Self.identity.get()
        let jws = try SBIJWS.sign(Self.digitalID, with: identity)
        let (decoded, verified) = try SBIJWS.verify(jws, as: SBIDigitalID.self, now: Date())
        #expect(decoded == Self.digitalID)
        #expect(verified.header.alg == "RS256")
        #expect(verified.header.x5c?.count == 1)
        #expect(verified.certificate == (try identity.certificate))
        #expect(throws: SBIJWSError.self) { try verified.decodePayload(SBIDeviceInfo.self) }
    }

    @Test func tamperedPayloadSignatureOrHeaderIsRefused() throws {
        let identity = try Self.identity.get()
        let jws = try SBIJWS.sign(Self.digitalID, with: identity)
        var changed = Self.digitalID
        changed.serialNo = "SN-2"
        let otherPayload = Base64URL.encode(try SBIJSON.encode(changed))
        #expect(throws: SBIJWSError.badSignature) { try SBIJWS.verify(Self.replacing(jws, part: 1, with: otherPayload), now: Date()) }

        var signature = Array(jws.split(separator: ".")[2].utf8)
        signature[10] = signature[10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: SBIJWSError.badSignature) {
            try SBIJWS.verify(Self.replacing(jws, part: 2, with: String(decoding: signature, as: UTF8.self)), now: Date())
        }
        #expect(throws: SBIJWSError.badSignature) { try SBIJWS.verify(Self.replacing(jws, part: 2, with: ""), now: Date()) }

        // Another valid certificate in x5c: the signature is not that key's.
        let stranger = try SBIDeviceIdentity.generate(commonName: "stranger")
        let strangerHeader = Base64URL.encode(Array(Self.header(certificate: stranger.chain[0]).utf8))
        #expect(throws: SBIJWSError.badSignature) { try SBIJWS.verify(Self.replacing(jws, part: 0, with: strangerHeader), now: Date()) }
    }

    @Test func onlyRS256IsAccepted() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let identity = try SBIDeviceIdentity.selfSigned(key: key, commonName: "biocap alg test")
        let payload = try SBIJSON.encode(Self.digitalID)
        for alg in ["HS256", "none", "RS512", "rs256"] {
            let jws = try Self.signed(header: Self.header(alg: alg, certificate: identity.chain[0]), payload: payload, key: key)
            #expect(throws: SBIJWSError.unsupportedAlgorithm(alg)) { try SBIJWS.verify(jws, now: Date()) }
        }
        let noAlg = try Self.signed(header: #"{"x5c":[]}"#, payload: payload, key: key)
        #expect(throws: SBIJWSError.unsupportedAlgorithm(nil)) { try SBIJWS.verify(noAlg, now: Date()) }
        let noCertificate = try Self.signed(header: #"{"alg":"RS256"}"#, payload: payload, key: key)
        #expect(throws: SBIJWSError.missingCertificate) { try SBIJWS.verify(noCertificate, now: Date()) }
        let urlSafeCertificate = try Self.signed(header: #"{"alg":"RS256","x5c":["MII-_"]}"#, payload: payload, key: key)
        #expect(throws: SBIJWSError.malformedCertificate("x5c[0] is not standard base64 (RFC 7515 §4.1.6)")) {
            try SBIJWS.verify(urlSafeCertificate, now: Date())
        }
        // The same key and header with RS256 verifies: the refusals above are about alg, not the signature.
        let good = try Self.signed(header: Self.header(certificate: identity.chain[0]), payload: payload, key: key)
        #expect(try SBIJWS.verify(good, now: Date()).payload == payload)
    }

    @Test func certificatesOutsideTheirValidityAreRefused() throws {
        let issued = Date().addingTimeInterval(-30 * 86_400)
        let shortLived = try SBIDeviceIdentity.generate(commonName: "short-lived", validity: 86_400, now: issued)
        let jws = try SBIJWS.sign(Self.digitalID, with: shortLived)
        let certificate = try shortLived.certificate
        let now = Date()
        #expect(throws: SBIJWSError.certificateExpired(notAfter: certificate.notValidAfter, now: now)) { try SBIJWS.verify(jws, now: now) }
        let before = certificate.notValidBefore.addingTimeInterval(-60)
        #expect(throws: SBIJWSError.certificateNotYetValid(notBefore: certificate.notValidBefore, now: before)) {
            try SBIJWS.verify(jws, now: before)
        }
        #expect(throws: Never.self) { try SBIJWS.verify(jws, now: issued) }
        // The certificate can still be shown.
        #expect(try SBIJWS.unverifiedCertificate(of: jws) == certificate)
    }

    @Test func malformedCompactFormsAreRefusedByName() throws {
        let jws = try SBIJWS.sign(Self.digitalID, with: try Self.identity.get())
        #expect(throws: SBIJWSError.notCompact(partCount: 2)) { try SBIJWS.verify("abc.def", now: Date()) }
        #expect(throws: SBIJWSError.notCompact(partCount: 4)) { try SBIJWS.verify(jws + ".x", now: Date()) }
        #expect(throws: SBIJWSError.notCompact(partCount: 1)) { try SBIJWS.verify("", now: Date()) }
        let parts = jws.split(separator: ".").map(String.init)
        // The standard alphabet, spaces and stray padding are outside base64url.
        #expect(throws: SBIJWSError.notBase64URL(.header)) { try SBIJWS.verify("+" + jws, now: Date()) }
        #expect(throws: SBIJWSError.notBase64URL(.payload)) {
            try SBIJWS.verify(Self.replacing(jws, part: 1, with: "ab/c" + parts[1]), now: Date())
        }
        #expect(throws: SBIJWSError.notBase64URL(.signature)) {
            try SBIJWS.verify(Self.replacing(jws, part: 2, with: parts[2] + " "), now: Date())
        }
        #expect(throws: SBIJWSError.notBase64URL(.payload)) {
            try SBIJWS.verify(Self.replacing(jws, part: 1, with: "ab=c"), now: Date())
        }
        let notJSON = Base64URL.encode(Array("[1,2]".utf8))
        let error = #expect(throws: SBIJWSError.self) { try SBIJWS.verify(Self.replacing(jws, part: 0, with: notJSON), now: Date()) }
        guard case .malformedHeader = error else {
            Issue.record("expected malformedHeader, got \(String(describing: error))")
            return
        }
    }

    @Test func aNonRSACertificateIsRefused() throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("ec device") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: Date().addingTimeInterval(-60),
            notValidAfter: Date().addingTimeInterval(3600), issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions(), issuerPrivateKey: .init(key))
        let header = Base64URL.encode(Array(Self.header(certificate: try Self.der(certificate)).utf8))
        let jws = header + "." + Base64URL.encode(Array("{}".utf8)) + "." + Base64URL.encode([UInt8](repeating: 1, count: 64))
        let error = #expect(throws: SBIJWSError.self) { try SBIJWS.verify(jws, now: Date()) }
        guard case .notRSAKey = error else {
            Issue.record("expected notRSAKey, got \(String(describing: error))")
            return
        }
    }

    @Test(.enabled(if: OpenSSL.enabled, "needs openssl"))
    func aCertificateWithA1024BitKeyIsRefusedAsWeak() throws {
        let files = try SBITestFiles("sbi-jws-weak")
        try OpenSSL.succeed(["req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", files.path("weak.key"),
                             "-out", files.path("weak.pem"), "-days", "30", "-subj", "/CN=weak", "-outform", "PEM"])
        try OpenSSL.succeed(["x509", "-in", files.path("weak.pem"), "-outform", "DER", "-out", files.path("weak.der")])
        let key = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: try String(contentsOfFile: files.path("weak.key"), encoding: .utf8))
        let jws = try Self.signed(header: Self.header(certificate: try files.read("weak.der")), payload: Array("{}".utf8), key: key)
        #expect(throws: SBIJWSError.weakKey(bits: 1024)) { try SBIJWS.verify(jws, now: Date()) }
    }

    @Test(.enabled(if: OpenSSL.enabled, "needs openssl"))
    func openSSLVerifiesOurSignatureAndReadsOurCertificate() throws {
        let files = try SBITestFiles("sbi-jws-openssl")
        let identity = try Self.identity.get()
        let jws = try SBIJWS.sign(Self.digitalID, with: identity)
        let parts = jws.split(separator: ".").map(String.init)
        let summary = try SBICertificateSummary(try identity.certificate)
        let certificate = try files.write(Array(summary.pem.utf8), "device.pem")
        let input = try files.write(Array((parts[0] + "." + parts[1]).utf8), "input")
        let signature = try files.write(try #require(Base64URL.decodeStrict(parts[2])), "signature")
        let publicKey = files.path("public.pem")
        try OpenSSL.succeed(["x509", "-in", certificate, "-pubkey", "-noout", "-out", publicKey])
        let verified = try OpenSSL.run(["dgst", "-sha256", "-verify", publicKey, "-signature", signature, input])
        #expect(verified.status == 0 && verified.output.contains("Verified OK"), "\(verified.output)")
        // openssl is a real check: a changed input fails there too.
        let changed = try files.write(Array((parts[0] + "." + parts[1] + "x").utf8), "changed")
        let refused = try OpenSSL.run(["dgst", "-sha256", "-verify", publicKey, "-signature", signature, changed])
        #expect(refused.status != 0 && refused.output.contains("Verification failure"), "\(refused.output)")

        let text = try OpenSSL.succeed(["x509", "-in", certificate, "-noout", "-text"])
        #expect(text.contains("CN = biocap JWS test") && text.contains("Public-Key: (2048 bit)"))
        let details = try OpenSSL.succeed(["x509", "-in", certificate, "-noout", "-serial", "-fingerprint", "-sha256"])
        #expect(details.contains("serial=\(summary.serialNumber)"), "\(details) vs \(summary.serialNumber)")
        #expect(details.contains("Fingerprint=\(summary.sha256Fingerprint)"), "\(details) vs \(summary.sha256Fingerprint)")
        #expect(try SBICertificateSummary(certificateFile: try files.read("device.pem")) == summary)
    }

    @Test(.enabled(if: OpenSSL.enabled, "needs openssl"))
    func aJWSSignedByOpenSSLVerifies() throws {
        let files = try SBITestFiles("sbi-jws-from-openssl")
        try OpenSSL.succeed(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", files.path("key.pem"), "-out", files.path("cert.pem"),
                             "-days", "2", "-subj", "/CN=openssl device"])
        try OpenSSL.succeed(["x509", "-in", files.path("cert.pem"), "-outform", "DER", "-out", files.path("cert.der")])
        let header = Base64URL.encode(Array(Self.header(certificate: try files.read("cert.der")).utf8))
        let input = header + "." + Base64URL.encode(try SBIJSON.encode(Self.digitalID))
        _ = try files.write(Array(input.utf8), "input")
        try OpenSSL.succeed(["dgst", "-sha256", "-sign", files.path("key.pem"), "-out", files.path("signature"), files.path("input")])
        let jws = input + "." + Base64URL.encode(try files.read("signature"))
        let (decoded, verified) = try SBIJWS.verify(jws, as: SBIDigitalID.self, now: Date())
        #expect(decoded == Self.digitalID)
        #expect(verified.certificate.subject.description.contains("openssl device"))
    }
}
