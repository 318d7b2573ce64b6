import Crypto
import Foundation

/// The centre's X25519 key pair as standard PEM that `openssl pkey` reads: the private key as PKCS#8
/// (`PRIVATE KEY`), the public key as SubjectPublicKeyInfo (`PUBLIC KEY`), both RFC 8410 (OID 1.3.101.110).
public enum CenterKeyPEM {
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x03, 0x21, 0x00]
    static let privatePrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x04, 0x22, 0x04, 0x20]

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notPEM(String)
        case notX25519(String)
        case notEd25519(String)

        public var description: String {
            switch self {
            case .notPEM(let what): "not a PEM \(what)"
            case .notX25519(let what): "the \(what) is not an X25519 key (RFC 8410)"
            case .notEd25519(let what): "the \(what) is not an Ed25519 key (RFC 8410)"
            }
        }
    }

    public static func publicPEM(_ key: Curve25519.KeyAgreement.PublicKey) -> String {
        armour(Data(publicPrefix) + key.rawRepresentation, label: "PUBLIC KEY")
    }

    public static func privatePEM(_ key: Curve25519.KeyAgreement.PrivateKey) -> String {
        armour(Data(privatePrefix) + key.rawRepresentation, label: "PRIVATE KEY")
    }

    public static func publicKey(pem: String) throws(Failure) -> Curve25519.KeyAgreement.PublicKey {
        let der = try unarmour(pem, label: "PUBLIC KEY")
        guard der.count == publicPrefix.count + 32, der.starts(with: publicPrefix),
              let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: der.suffix(32)) else { throw .notX25519("public key") }
        return key
    }

    public static func privateKey(pem: String) throws(Failure) -> Curve25519.KeyAgreement.PrivateKey {
        let der = try unarmour(pem, label: "PRIVATE KEY")
        guard der.count == privatePrefix.count + 32, der.starts(with: privatePrefix),
              let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: der.suffix(32)) else { throw .notX25519("private key") }
        return key
    }

    static func armour(_ der: Data, label: String) -> String {
        "-----BEGIN \(label)-----\n\(der.base64EncodedString())\n-----END \(label)-----\n"
    }

    static func unarmour(_ pem: String, label: String) throws(Failure) -> Data {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"), let end = lines.firstIndex(of: "-----END \(label)-----"),
              begin < end, let der = Data(base64Encoded: lines[(begin + 1)..<end].joined()) else { throw .notPEM(label.lowercased()) }
        return der
    }
}
