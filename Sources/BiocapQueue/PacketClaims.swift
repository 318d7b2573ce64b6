/// What a submission claims besides its packet, checked and recorded in the same transaction that stores it:
/// the captures the packet was built from (a capture goes into at most one stored packet), and the client's
/// idempotency key with a digest of the request it came with (a retry with the same key and the same request
/// gets the stored packet back instead of a second one).
public struct PacketClaims: Sendable, Equatable {
    /// Ids of the captures the packet was built from.
    public var captureIDs: [String]
    /// The client's `Idempotency-Key`, if it sent one.
    public var idempotencyKey: String?
    /// SHA-256 (hex) of the request, in a canonical form; compared when the key comes again.
    public var requestSHA256: String?

    public init(captureIDs: [String] = [], idempotencyKey: String? = nil, requestSHA256: String? = nil) {
        self.captureIDs = captureIDs
        self.idempotencyKey = idempotencyKey
        self.requestSHA256 = requestSHA256
    }
}
