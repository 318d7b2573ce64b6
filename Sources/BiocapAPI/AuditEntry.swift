import Foundation

/// One entry of the kit's audit log (`GET /v1/audit`): what happened, when, and to which capture, packet or key —
/// never biometric data or the enrolled person's id. Entries are hash-chained: `sha256` covers the previous
/// entry's hash and this entry's fields.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// 1, 2, 3 … with no gaps: a missing number is a deleted entry.
    public var seq: Int
    public var at: Date
    /// `capture-started`, `capture-finished`, `packet-stored`, `packet-leased`, `packet-delivered`, `packet-nacked`,
    /// `packet-exported`, `kit-key-created`.
    public var event: String
    /// Ids and outcomes (`capture`, `packet`, `device`, `positions`, `uid`, `operator`, `state` …).
    public var details: [String: String]
    public var sha256: String

    public init(seq: Int, at: Date, event: String, details: [String: String], sha256: String) {
        self.seq = seq
        self.at = at
        self.event = event
        self.details = details
        self.sha256 = sha256
    }
}
