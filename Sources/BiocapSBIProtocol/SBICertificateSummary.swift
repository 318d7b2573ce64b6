import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// What a technician needs to know about a device certificate: names, serial, validity, fingerprint, and the PEM.
public struct SBICertificateSummary: Sendable, Codable, Hashable {
    /// The subject name, most specific RDN first (`CN=…,O=…`).
    public var subject: String
    /// The issuer name; equal to the subject for a self-signed certificate.
    public var issuer: String
    /// Upper-case hex without leading zero bytes, as `openssl x509 -serial` prints it.
    public var serialNumber: String
    /// `yyyy-MM-ddTHH:mm:ssZ`.
    /// Start of validity, `yyyy-MM-ddTHH:mm:ssZ`.
    public var notValidBefore: String
    /// End of validity, `yyyy-MM-ddTHH:mm:ssZ`.
    public var notValidAfter: String
    /// SHA-256 of the DER, upper-case hex pairs joined by colons, as `openssl x509 -fingerprint -sha256` prints it.
    public var sha256Fingerprint: String
    /// `RSA 2048 bits`, `P-256` …
    public var key: String
    /// Subject and issuer are the same name.
    public var selfSigned: Bool
    /// The certificate as PEM, ending with a newline.
    public var pem: String

    /// Summarises `certificate`.
    public init(_ certificate: Certificate) throws(SBIJWSError) {
        let der: [UInt8]
        do {
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            der = serializer.serializedBytes
        } catch {
            throw .malformedCertificate("cannot serialise it: \(error)")
        }
        pem = PEMDocument(type: "CERTIFICATE", derBytes: der).pemString + "\n"
        subject = certificate.subject.description
        issuer = certificate.issuer.description
        serialNumber = SBIHashChain.hex(Array(certificate.serialNumber.bytes.drop { $0 == 0 }))
        notValidBefore = SBITimestamp.string(certificate.notValidBefore)
        notValidAfter = SBITimestamp.string(certificate.notValidAfter)
        sha256Fingerprint = SHA256.hash(data: der).map { SBIHashChain.hex([$0]) }.joined(separator: ":")
        if let rsa = _RSA.Signing.PublicKey(certificate.publicKey) {
            key = "RSA \(rsa.keySizeInBits) bits"
        } else {
            key = String(describing: certificate.publicKey)
        }
        selfSigned = certificate.subject == certificate.issuer
    }

    /// The summary of a certificate file (PEM or DER).
    public init(certificateFile bytes: [UInt8]) throws(SBIJWSError) {
        try self.init(try Self.read(contentsOf: bytes))
    }

    /// The summary of the certificate in a JWS's `x5c` header (not verified: an expired one is shown too).
    public init(x5cOf compact: String) throws(SBIJWSError) {
        try self.init(try SBIJWS.unverifiedCertificate(of: compact))
    }

    /// Reads a certificate file: PEM (the first `CERTIFICATE` block) or DER.
    public static func read(contentsOf bytes: [UInt8]) throws(SBIJWSError) -> Certificate {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            if text.contains("-----BEGIN") {
                guard let first = try PEMDocument.parseMultiple(pemString: text).first(where: { $0.discriminator == "CERTIFICATE" }) else {
                    throw SBIJWSError.malformedCertificate("no '-----BEGIN CERTIFICATE-----' block")
                }
                return try Certificate(derEncoded: first.derBytes)
            }
            return try Certificate(derEncoded: bytes)
        } catch let error as SBIJWSError {
            throw error
        } catch {
            throw .malformedCertificate("\(error)")
        }
    }
}
