import Foundation
import X509

/// A JWS whose RS256 signature verified with the certificate in its `x5c` header, that certificate being valid at the
/// time of the check.
public struct SBIVerifiedJWS: Sendable {
    /// The protected header (`alg` is RS256).
    public let header: SBIJWSHeader
    /// The signed payload bytes (JSON in SBI).
    public let payload: [UInt8]
    /// The signer's certificate (`x5c[0]`).
    public let certificate: Certificate

    /// A verification result; made by `SBIJWS.verify`.
    public init(header: SBIJWSHeader, payload: [UInt8], certificate: Certificate) {
        self.header = header
        self.payload = payload
        self.certificate = certificate
    }

    /// The payload decoded as a JSON document of type `T`.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws(SBIJWSError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload))
        } catch {
            throw .payloadNotDecodable(type: "\(T.self)", reason: SBIDecodingReason.describe(error))
        }
    }
}
