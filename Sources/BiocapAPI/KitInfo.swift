/// `GET /v1/kit`: the kit's identity — its id and the fingerprints and signing public key of its keys.
public struct KitInfo: Codable, Sendable, Hashable {
    public var kitID: String
    /// SHA-256 of the raw Ed25519 signing public key, hex.
    public var signingKeySHA256: String
    /// SHA-256 of the raw X25519 key-agreement public key, hex.
    public var agreementKeySHA256: String
    /// The signing public key as PEM SubjectPublicKeyInfo (`openssl pkeyutl -verify -pubin -inkey` reads it).
    public var signingPublicKeyPEM: String
    /// Signing public keys of earlier rotations (PEM), oldest first: manifests they signed still verify. Absent when none.
    public var retiredSigningKeysPEM: [String]?

    public init(
        kitID: String, signingKeySHA256: String, agreementKeySHA256: String, signingPublicKeyPEM: String,
        retiredSigningKeysPEM: [String]? = nil
    ) {
        self.kitID = kitID
        self.signingKeySHA256 = signingKeySHA256
        self.agreementKeySHA256 = agreementKeySHA256
        self.signingPublicKeyPEM = signingPublicKeyPEM
        self.retiredSigningKeysPEM = retiredSigningKeysPEM
    }
}
