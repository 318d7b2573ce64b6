import Foundation

/// Why a compact JWS from an SBI service was refused; each case says what is wrong with it.
public enum SBIJWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parts of a compact JWS.
    public enum Part: String, Sendable {
        case header, payload, signature
    }

    /// Not `header.payload.signature`.
    case notCompact(partCount: Int)
    /// A part is not base64url (RFC 7515 allows only `A–Z a–z 0–9 - _`).
    case notBase64URL(Part)
    /// The header is not a JSON object with string `alg` and string-array `x5c`.
    case malformedHeader(String)
    /// `alg` is not `RS256` (SBI signs with RS256 only; `none` and HMAC are refused).
    case unsupportedAlgorithm(String?)
    /// The header has no `x5c` certificate.
    case missingCertificate
    /// `x5c[0]` is not standard base64 of an X.509 certificate.
    case malformedCertificate(String)
    /// The certificate's key is not RSA.
    case notRSAKey(String)
    /// The certificate's RSA key is shorter than 2048 bits (MOSIP's verifier refuses it).
    case weakKey(bits: Int)
    /// The signature does not verify with the certificate's key (RSASSA-PKCS1-v1_5, SHA-256).
    case badSignature
    /// The certificate's validity starts after `now`.
    case certificateNotYetValid(notBefore: Date, now: Date)
    /// The certificate's validity ended before `now`.
    case certificateExpired(notAfter: Date, now: Date)
    /// The signed payload is not the JSON document expected.
    case payloadNotDecodable(type: String, reason: String)

    /// What is wrong, in a sentence.
    public var description: String {
        switch self {
        case .notCompact(let count): "not a compact JWS: \(count) part(s) separated by '.', expected 3"
        case .notBase64URL(let part): "the JWS \(part.rawValue) is not base64url (only A-Z a-z 0-9 - _ are allowed)"
        case .malformedHeader(let reason): "the JWS header is not valid: \(reason)"
        case .unsupportedAlgorithm(let alg?): "the JWS algorithm is '\(alg)'; SBI 0.9.5 signs with RS256 only"
        case .unsupportedAlgorithm(nil): "the JWS header has no 'alg'; SBI 0.9.5 signs with RS256"
        case .missingCertificate: "the JWS header has no x5c certificate"
        case .malformedCertificate(let reason): "x5c[0] is not an X.509 certificate: \(reason)"
        case .notRSAKey(let kind): "the x5c certificate's key is \(kind), not RSA (RS256 needs RSA)"
        case .weakKey(let bits): "the x5c certificate's RSA key has \(bits) bits; at least 2048 are required"
        case .badSignature: "the JWS signature does not verify with the x5c certificate's key (RS256)"
        case .certificateNotYetValid(let notBefore, let now):
            "the x5c certificate is not valid before \(SBITimestamp.string(notBefore)) (now \(SBITimestamp.string(now)))"
        case .certificateExpired(let notAfter, let now):
            "the x5c certificate expired at \(SBITimestamp.string(notAfter)) (now \(SBITimestamp.string(now)))"
        case .payloadNotDecodable(let type, let reason): "the JWS payload is not a valid \(type): \(reason)"
        }
    }
}
