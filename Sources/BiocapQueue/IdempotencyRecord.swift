/// The packet stored under an idempotency key, and the digest of the request that stored it.
public struct IdempotencyRecord: Sendable, Equatable {
    public var packetID: String
    public var requestSHA256: String?

    public init(packetID: String, requestSHA256: String?) {
        self.packetID = packetID
        self.requestSHA256 = requestSHA256
    }
}
