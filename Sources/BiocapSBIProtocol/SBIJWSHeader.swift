/// The protected header of an SBI JWS, as read back: SBI writes `{"alg":"RS256","typ":"JWT","x5c":[…]}`.
public struct SBIJWSHeader: Sendable, Decodable, Hashable {
    /// The signature algorithm; only `RS256` is accepted.
    public var alg: String?
    /// `JWT` as SBI writes it; not checked.
    public var typ: String?
    /// Standard base64 DER certificates, the signer's first.
    public var x5c: [String]?

    /// A header as read.
    public init(alg: String?, typ: String?, x5c: [String]?) {
        self.alg = alg
        self.typ = typ
        self.x5c = x5c
    }
}
