import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// The key an SBI device service signs with, and its certificate chain (leaf first) for JWS `x5c` headers.
/// A value: any thread may sign with it.
public struct SBIDeviceIdentity: Sendable {
    let key: _RSA.Signing.PrivateKey
    /// DER of each certificate, the device certificate first.
    public let chain: [[UInt8]]

    /// The device certificate (the first of the chain).
    public var certificate: Certificate {
        get throws { try Certificate(derEncoded: chain[0]) }
    }

    public init(key: _RSA.Signing.PrivateKey, chain: [[UInt8]]) throws(SBIIdentityError) {
        guard !chain.isEmpty else { throw .invalid("the certificate chain is empty") }
        guard key.keySizeInBits >= 2048 else {
            throw .invalid("the device key has \(key.keySizeInBits) bits; MOSIP's verifier refuses RSA keys under 2048")
        }
        let leaf: Certificate
        do { leaf = try Certificate(derEncoded: chain[0]) } catch {
            throw .invalid("the device certificate is not X.509 DER: \(error)")
        }
        guard leaf.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw .invalid("the device certificate does not certify the device key")
        }
        self.key = key
        self.chain = chain
    }

    /// A new 2048-bit RSA key with a self-signed certificate valid from an hour ago for `validity`.
    public static func generate(commonName: String, validity: TimeInterval = 10 * 365 * 86_400,
                                now: Date = Date()) throws(SBIIdentityError) -> SBIDeviceIdentity {
        let key: _RSA.Signing.PrivateKey
        do { key = try _RSA.Signing.PrivateKey(keySize: .bits2048) } catch {
            throw .invalid("could not make a device key: \(error)")
        }
        return try selfSigned(key: key, commonName: commonName, validity: validity, now: now)
    }

    /// `key` with a new self-signed certificate valid from an hour ago for `validity` (a renewal keeps the key).
    public static func selfSigned(key: _RSA.Signing.PrivateKey, commonName: String, validity: TimeInterval = 10 * 365 * 86_400,
                                  now: Date = Date()) throws(SBIIdentityError) -> SBIDeviceIdentity {
        do {
            let name = try DistinguishedName {
                CommonName(commonName)
                OrganizationName("biocap")
                OrganizationalUnitName("SBI device service")
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
                notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(validity),
                issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                },
                issuerPrivateKey: .init(key))
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return try SBIDeviceIdentity(key: key, chain: [serializer.serializedBytes])
        } catch let error as SBIIdentityError {
            throw error
        } catch {
            throw .invalid("could not make a device certificate: \(error)")
        }
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message` (JWS `RS256`).
    public func signRS256(_ message: [UInt8]) throws(SBIIdentityError) -> [UInt8] {
        do {
            let signature = try key.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
            return Array(signature.rawRepresentation)
        } catch {
            throw .invalid("signing failed: \(error)")
        }
    }
}
