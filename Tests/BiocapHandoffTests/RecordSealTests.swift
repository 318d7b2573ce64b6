import BiocapHandoff
import BiocapTestSupport
import Crypto
import Foundation
import Testing

/// Records sealed to the centre's key open only with it, only under their own packet and record id, and the
/// centre's key pair is PEM that openssl reads.
@Suite struct RecordSealTests {
    @Test func aSealedRecordOpensOnlyWithTheCentresKeyInItsPlace() throws {
        let center = Curve25519.KeyAgreement.PrivateKey()
        let record = try TestData.bytes("iso-samples/mosip-mock/Left_Index.iso")
        let sealed = try RecordSeal.seal(record, packetID: "p1", recordID: "left-index", to: center.publicKey)
        #expect(sealed.count == 32 + record.count + 16, "encapsulated key, ciphertext, tag")
        #expect(sealed.range(of: Data("FIR\0".utf8)) == nil)
        #expect(try RecordSeal.open(sealed, packetID: "p1", recordID: "left-index", with: center) == Data(record))
        #expect(throws: (any Error).self) { try RecordSeal.open(sealed, packetID: "p2", recordID: "left-index", with: center) }
        #expect(throws: (any Error).self) { try RecordSeal.open(sealed, packetID: "p1", recordID: "right-index", with: center) }
        #expect(throws: (any Error).self) { try RecordSeal.open(sealed, packetID: "p1", recordID: "left-index", with: .init()) }
        var flipped = sealed
        flipped[40] ^= 1
        #expect(throws: (any Error).self) { try RecordSeal.open(flipped, packetID: "p1", recordID: "left-index", with: center) }
        #expect(throws: RecordSeal.TooShort(count: 10)) { try RecordSeal.open(Data(count: 10), packetID: "p1", recordID: "x", with: center) }
    }

    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: openssl != nil, "needs the openssl command"))
    func theCentresKeysArePEMThatOpenSSLReads() throws {
        let directory = try TestData.temporaryDirectory("center-keys")
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = Curve25519.KeyAgreement.PrivateKey()
        let privateFile = directory.appendingPathComponent("center-private.pem")
        try Data(CenterKeyPEM.privatePEM(key).utf8).write(to: privateFile)
        // openssl derives the public key from our PKCS#8 and writes the same SubjectPublicKeyInfo we do.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.openssl ?? "/usr/bin/openssl")
        process.arguments = ["pkey", "-in", privateFile.path, "-pubout"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let derived = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(derived == CenterKeyPEM.publicPEM(key.publicKey), "openssl: \(derived)")
        #expect(try CenterKeyPEM.privateKey(pem: CenterKeyPEM.privatePEM(key)).rawRepresentation == key.rawRepresentation)
        #expect(try CenterKeyPEM.publicKey(pem: derived).rawRepresentation == key.publicKey.rawRepresentation)
        #expect(throws: CenterKeyPEM.Failure.notPEM("public key")) { try CenterKeyPEM.publicKey(pem: "hello") }
        let ed25519 = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA" + String(repeating: "A", count: 43) + "=\n-----END PUBLIC KEY-----\n"
        #expect(throws: CenterKeyPEM.Failure.notX25519("public key")) { try CenterKeyPEM.publicKey(pem: ed25519) }
    }
}
