import Crypto
import Foundation

/// A kit's Ed25519 signing public key as PEM SubjectPublicKeyInfo (RFC 8410, OID 1.3.101.112): `kit.pem`, what
/// `biocapctl kit public-key` prints and the centre registers.
public enum KitPublicKeyPEM {
    static let prefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    public static func signingKey(pem: String) throws(CenterKeyPEM.Failure) -> Curve25519.Signing.PublicKey {
        let der = try CenterKeyPEM.unarmour(pem, label: "PUBLIC KEY")
        guard der.count == prefix.count + 32, der.starts(with: prefix),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) else { throw .notEd25519("kit public key") }
        return key
    }
}
