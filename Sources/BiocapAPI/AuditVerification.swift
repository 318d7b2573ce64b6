/// `GET /v1/audit/verify`: whether the audit log's hash chain holds, and where it breaks.
public struct AuditVerification: Codable, Sendable, Hashable {
    /// True when every entry's hash and link hold and no sequence number is missing.
    public var intact: Bool
    public var entries: Int
    /// The chain's head (the last entry's hash), as the latest manifest carries it.
    public var head: String?
    /// The first entry that does not hold, and why.
    public var brokenAt: Int?
    public var reason: String?

    public init(intact: Bool, entries: Int, head: String?, brokenAt: Int? = nil, reason: String? = nil) {
        self.intact = intact
        self.entries = entries
        self.head = head
        self.brokenAt = brokenAt
        self.reason = reason
    }
}
