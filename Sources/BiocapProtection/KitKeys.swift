import Crypto
import Foundation

/// The kit's identity: an Ed25519 signing key (packet manifests) and an X25519 key-agreement key, with the
/// storage key derived from them that wraps every packet's data key. A value type; safe to share between tasks.
public struct KitKeys: Sendable {
    public let signing: Curve25519.Signing.PrivateKey
    public let agreement: Curve25519.KeyAgreement.PrivateKey
    /// AES-256 key that wraps each packet's data key: HKDF-SHA256 over the signing key's seed, never stored.
    public let storageKey: SymmetricKey

    public init(signing: Curve25519.Signing.PrivateKey, agreement: Curve25519.KeyAgreement.PrivateKey) {
        self.signing = signing
        self.agreement = agreement
        storageKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: signing.rawRepresentation), salt: Data("biocap kit".utf8),
            info: Data("biocap storage key v1".utf8), outputByteCount: 32)
    }

    /// New random keys.
    public static func generate() -> KitKeys {
        KitKeys(signing: Curve25519.Signing.PrivateKey(), agreement: Curve25519.KeyAgreement.PrivateKey())
    }

    /// SHA-256 of the raw 32-byte signing public key, lower-case hex: what the queue records and `biocapctl kit` shows.
    public var signingFingerprint: String { Self.hex(SHA256.hash(data: signing.publicKey.rawRepresentation)) }
    /// SHA-256 of the raw 32-byte key-agreement public key, lower-case hex.
    public var agreementFingerprint: String { Self.hex(SHA256.hash(data: agreement.publicKey.rawRepresentation)) }

    /// The signing public key as a PEM SubjectPublicKeyInfo (RFC 8410), which `openssl pkeyutl -verify -pubin` reads.
    public var signingPublicKeyPEM: String { Self.pem(ed25519PublicKey: signing.publicKey.rawRepresentation) }

    /// Detached Ed25519 signature (64 bytes) over exactly `bytes`.
    public func sign(_ bytes: some DataProtocol) throws -> Data {
        try signing.signature(for: bytes)
    }

    /// SubjectPublicKeyInfo of an Ed25519 key: the fixed DER prefix (SEQUENCE { SEQUENCE { OID 1.3.101.112 },
    /// BIT STRING }) followed by the 32 raw bytes, base64 in PEM armour.
    public static func pem(ed25519PublicKey raw: some DataProtocol) -> String {
        let der = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]) + Data(raw)
        return "-----BEGIN PUBLIC KEY-----\n\(der.base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
