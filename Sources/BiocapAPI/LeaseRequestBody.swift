/// The body of `POST /v1/queue/lease` (may be empty: one packet for 300 s).
public struct LeaseRequestBody: Codable, Sendable, Hashable {
    /// How many packets at most (1–100; default 1).
    public var max: Int?
    /// How long the lease lasts (1–86400 s; default 300).
    public var leaseSeconds: Double?

    public init(max: Int? = nil, leaseSeconds: Double? = nil) {
        self.max = max
        self.leaseSeconds = leaseSeconds
    }
}
