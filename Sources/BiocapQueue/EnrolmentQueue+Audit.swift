import BiocapAPI
import Foundation
import GRDB

extension EnrolmentQueue {
    /// Appends an audit entry on its own (events the queue does not record itself: captures, exports).
    /// May be called from any task.
    public func audit(_ event: String, _ details: [String: String]) async throws(QueueError) {
        _ = try await runWrite { try await pool.write { db in try AuditLog.append(db, event: event, details: details) } }
    }

    /// Audit entries from `since` (all when nil), oldest first, at most `limit`. May be called from any task.
    public func auditEntries(since: Date? = nil, limit: Int = 1000) async throws(QueueError) -> [AuditEntry] {
        try await run { try await pool.read { db in try AuditLog.entries(db, since: since, limit: limit) } }
    }

    /// Re-computes the audit log's hash chain and says where it breaks. May be called from any task.
    public func verifyAudit() async throws(QueueError) -> AuditVerification {
        try await run { try await pool.read { db in try AuditLog.verify(db) } }
    }
}
