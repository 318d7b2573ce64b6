import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

extension SBIJWS {
    /// Verifies a compact JWS as MOSIP's toolkit does: three base64url parts, `alg` RS256, `x5c[0]` an X.509
    /// certificate with an RSA key of at least 2048 bits, the RSASSA-PKCS1-v1_5 SHA-256 signature valid with that key
    /// over `header.payload`, and the certificate valid at `now`.
    ///
    /// The certificate is not checked against a trust store: an L0 device signs with a self-signed certificate, and
    /// which providers to trust is the registration server's decision.
    public static func verify(_ compact: String, now: Date) throws(SBIJWSError) -> SBIVerifiedJWS {
        let parts = try Parts(compact)
        let certificate = try leafCertificate(of: parts.header)
        guard let key = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw .notRSAKey(String(describing: certificate.publicKey))
        }
        guard key.keySizeInBits >= 2048 else { throw .weakKey(bits: key.keySizeInBits) }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: parts.signature)
        guard key.isValidSignature(signature, for: SHA256.hash(data: parts.signingInput), padding: .insecurePKCS1v1_5) else {
            throw .badSignature
        }
        guard now >= certificate.notValidBefore else {
            throw .certificateNotYetValid(notBefore: certificate.notValidBefore, now: now)
        }
        guard now <= certificate.notValidAfter else {
            throw .certificateExpired(notAfter: certificate.notValidAfter, now: now)
        }
        return SBIVerifiedJWS(header: parts.header, payload: parts.payload, certificate: certificate)
    }

    /// Verifies `compact` (as `verify(_:now:)`) and decodes its payload as `T`.
    public static func verify<T: Decodable>(_ compact: String, as type: T.Type, now: Date) throws(SBIJWSError) -> (T, SBIVerifiedJWS) {
        let verified = try verify(compact, now: now)
        return (try verified.decodePayload(T.self), verified)
    }

    /// The certificate in a JWS's `x5c` header, without checking the signature or the dates (to show a technician
    /// which certificate a device uses, even an expired one).
    public static func unverifiedCertificate(of compact: String) throws(SBIJWSError) -> Certificate {
        try leafCertificate(of: try Parts(compact).header)
    }

    private static func leafCertificate(of header: SBIJWSHeader) throws(SBIJWSError) -> Certificate {
        guard header.alg == "RS256" else { throw .unsupportedAlgorithm(header.alg) }
        guard let first = header.x5c?.first else { throw .missingCertificate }
        guard let der = Data(base64Encoded: first) else {
            throw .malformedCertificate("x5c[0] is not standard base64 (RFC 7515 §4.1.6)")
        }
        do {
            return try Certificate(derEncoded: Array(der))
        } catch {
            // swift-certificates refuses RSA keys under 2048 bits while parsing; say so rather than "malformed".
            if let bits = RSAKeySize.bits(inCertificate: Array(der)), bits < 2048 { throw .weakKey(bits: bits) }
            throw .malformedCertificate("\(error)")
        }
    }

    /// The three decoded parts of a compact JWS and the signing input.
    struct Parts {
        let header: SBIJWSHeader
        let payload: [UInt8]
        let signature: [UInt8]
        /// ASCII of `b64url(header).b64url(payload)`.
        let signingInput: [UInt8]

        init(_ compact: String) throws(SBIJWSError) {
            let pieces = compact.split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count == 3 else { throw .notCompact(partCount: pieces.count) }
            guard let headerBytes = Base64URL.decodeStrict(String(pieces[0])) else { throw .notBase64URL(.header) }
            guard let payload = Base64URL.decodeStrict(String(pieces[1])) else { throw .notBase64URL(.payload) }
            guard let signature = Base64URL.decodeStrict(String(pieces[2])) else { throw .notBase64URL(.signature) }
            do {
                header = try JSONDecoder().decode(SBIJWSHeader.self, from: Data(headerBytes))
            } catch {
                throw .malformedHeader(SBIDecodingReason.describe(error))
            }
            self.payload = payload
            self.signature = signature
            signingInput = Array(pieces[0].utf8) + [UInt8(ascii: ".")] + Array(pieces[1].utf8)
        }
    }
}
