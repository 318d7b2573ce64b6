import Crypto
import Foundation

/// A record sealed to the centre's key for the hand-off: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256) /
/// HKDF-SHA256 / AES-256-GCM, `info` = `biocap/v1 <packet-id>/<record-id>`, empty AAD. The object is the 32-byte
/// encapsulated key followed by the ciphertext and tag; only the holder of the centre's private key opens it, and a
/// sealed record renamed to another packet or record does not open.
public enum RecordSeal {
    public static let ciphersuite = HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_256)

    public static func info(packetID: String, recordID: String) -> Data {
        Data("biocap/v1 \(packetID)/\(recordID)".utf8)
    }

    public static func seal(
        _ record: some DataProtocol, packetID: String, recordID: String, to center: Curve25519.KeyAgreement.PublicKey
    ) throws -> Data {
        var sender = try HPKE.Sender(recipientKey: center, ciphersuite: ciphersuite, info: info(packetID: packetID, recordID: recordID))
        let ciphertext = try sender.seal(record)
        return sender.encapsulatedKey + ciphertext
    }

    public static func open(
        _ sealed: Data, packetID: String, recordID: String, with center: Curve25519.KeyAgreement.PrivateKey
    ) throws -> Data {
        guard sealed.count >= 32 + 16 else { throw TooShort(count: sealed.count) }
        let encapsulated = sealed.prefix(32)
        var recipient = try HPKE.Recipient(privateKey: center, ciphersuite: ciphersuite, info: info(packetID: packetID, recordID: recordID),
                                           encapsulatedKey: Data(encapsulated))
        return try recipient.open(sealed.dropFirst(32))
    }

    /// A sealed object shorter than an encapsulated key and a tag.
    public struct TooShort: Error, Equatable {
        public var count: Int

        public init(count: Int) {
            self.count = count
        }
    }
}
