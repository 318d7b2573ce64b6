/// `GET /v1/audit`: entries, oldest first.
public struct AuditList: Codable, Sendable, Hashable {
    public var entries: [AuditEntry]

    public init(entries: [AuditEntry]) {
        self.entries = entries
    }
}
