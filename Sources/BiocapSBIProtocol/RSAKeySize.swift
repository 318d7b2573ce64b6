import SwiftASN1
import _CryptoExtras

/// The RSA key size in a certificate that swift-certificates will not parse (it refuses keys under 2048 bits), read
/// from the SubjectPublicKeyInfo directly so the error can say "1024 bits" instead of "malformed".
enum RSAKeySize {
    /// Bits of the certificate's RSA key, or nil when the DER is not a certificate with an RSA key of 1024 bits or more.
    static func bits(inCertificate der: [UInt8]) -> Int? {
        guard let certificate = try? DER.parse(der), case .constructed(let certificateParts) = certificate.content,
              let tbs = certificateParts.first(where: { _ in true }), case .constructed(let tbsParts) = tbs.content
        else { return nil }
        // TBSCertificate: [0] version (optional), serial, signature, issuer, validity, subject, subjectPublicKeyInfo.
        var fields = Array(tbsParts)
        if let first = fields.first, first.identifier.tagClass == .contextSpecific { fields.removeFirst() }
        guard fields.count > 5 else { return nil }
        let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: Array(fields[5].encodedBytes))
        return key?.keySizeInBits
    }
}
