import BiocapCore
import Foundation
import GRDB

extension EnrolmentQueue {
    /// Leases up to `count` packets for `duration`: pending packets oldest first, including those whose
    /// earlier lease expired (an expiry counts as a failed attempt; one that reaches `maxAttempts` goes to
    /// `dead` instead of being leased again). `holder` names the lessee (the daemon's own uplink), so its leases can be
    /// released when it restarts. One write transaction. May be called from any task.
    public func lease(max count: Int, for duration: Duration, holder: String? = nil, now: Date = Date()) async throws(QueueError) -> [Lease] {
        guard count >= 0 else { throw .invalidArgument(name: "max", reason: "must not be negative, got \(count)") }
        let seconds = duration.seconds
        guard seconds > 0 else { throw .invalidArgument(name: "duration", reason: "a lease must last longer than zero") }
        let timestamp = now.timeIntervalSince1970
        let deadline = timestamp + seconds
        let maxAttempts = self.maxAttempts
        return try await runWrite {
            try await pool.write { db in
                try Self.expireLeases(db, now: timestamp, maxAttempts: maxAttempts)
                // A lower maxAttempts than the one the packets were retried under still applies.
                try db.execute(sql: LeaseStatements.retireExhausted, arguments: [timestamp, maxAttempts])
                let candidates = try Row.fetchAll(db, sql: LeaseStatements.oldestPending, arguments: [count])
                var leases: [Lease] = []
                for row in candidates {
                    let lease = Lease(
                        packetID: try row.decode(forColumn: "packet_id"), token: UUID(),
                        deadline: Date(timeIntervalSince1970: deadline), attempts: try row.decode(forColumn: "attempts"))
                    try db.execute(
                        sql: """
                            UPDATE packets SET state = 'leased', lease_token = ?, lease_deadline = ?, lease_holder = ?, updated_at = ?
                            WHERE packet_id = ?
                            """,
                        arguments: [lease.token.uuidString, deadline, holder, timestamp, lease.packetID])
                    try AuditLog.append(db, event: "packet-leased", details: ["packet": lease.packetID, "attempts": String(lease.attempts)])
                    leases.append(lease)
                }
                return leases
            }
        }
    }

    /// Marks the leased packet as done (uploaded) and crypto-erases it: its wrapped data key is destroyed in the
    /// same transaction (and zeroed on disk: `secure_delete`), so its sealed bytes can no longer be read; the rows go
    /// at the retention time. Acking again with the same token is a no-op.
    /// Throws `notFound`, `leaseMismatch` (not this packet's current lease) or `leaseExpired`.
    /// May be called from any task.
    public func ack(packetID: String, leaseToken: UUID, now: Date = Date()) async throws(QueueError) {
        let timestamp = now.timeIntervalSince1970
        try await runWrite {
            try await pool.write { db in
                let check = try Self.checkLease(db, packetID: packetID, token: leaseToken, now: timestamp)
                guard check == .current else { return }
                try db.execute(
                    sql: """
                        UPDATE packets SET state = 'done', done_at = ?, updated_at = ?, lease_deadline = NULL, wrapped_key = NULL,
                               lease_holder = NULL
                        WHERE packet_id = ?
                        """,
                    arguments: [timestamp, timestamp, packetID])
                // What was sealed for the centre is there now; the kit keeps nothing of it.
                try db.execute(sql: "DELETE FROM outbox_objects WHERE packet_id = ?", arguments: [packetID])
                try AuditLog.append(db, event: "packet-delivered", details: ["packet": packetID, "erased": "true"])
            }
        }
    }

    /// Gives the leased packet back after a failed delivery, storing `reason`: it goes back to `pending`,
    /// or to `dead` when this failure reaches `maxAttempts`. Returns the new state. May be called from any task.
    @discardableResult
    public func nack(
        packetID: String, leaseToken: UUID, reason: String, now: Date = Date()
    ) async throws(QueueError) -> PacketState {
        let timestamp = now.timeIntervalSince1970
        let maxAttempts = self.maxAttempts
        return try await runWrite {
            try await pool.write { db in
                let check = try Self.checkLease(db, packetID: packetID, token: leaseToken, now: timestamp)
                guard check == .current else {
                    throw QueueError.wrongState(packetID: packetID, state: .done, expected: .leased)
                }
                let attempts = (try Int.fetchOne(
                    db, sql: "SELECT attempts FROM packets WHERE packet_id = ?", arguments: [packetID]) ?? 0) + 1
                let state: PacketState = attempts >= maxAttempts ? .dead : .pending
                try db.execute(
                    sql: """
                        UPDATE packets SET state = ?, attempts = ?, last_error = ?, lease_token = NULL,
                               lease_deadline = NULL, lease_holder = NULL, updated_at = ?
                        WHERE packet_id = ?
                        """,
                    arguments: [state.rawValue, attempts, reason, timestamp, packetID])
                try AuditLog.append(db, event: "packet-nacked", details: ["packet": packetID, "state": state.rawValue, "attempts": String(attempts)])
                return state
            }
        }
    }

    /// Puts a dead packet back to `pending` with its attempts reset (after an operator fixed the cause).
    /// Throws `notFound`, or `wrongState` when the packet is not dead. May be called from any task.
    public func requeueDead(_ packetID: String, now: Date = Date()) async throws(QueueError) {
        try await runWrite {
            try await pool.write { db in
                guard let name = try String.fetchOne(
                    db, sql: "SELECT state FROM packets WHERE packet_id = ?", arguments: [packetID])
                else { throw QueueError.notFound(packetID: packetID) }
                guard name == PacketState.dead.rawValue else {
                    throw QueueError.wrongState(packetID: packetID, state: PacketState(rawValue: name) ?? .pending, expected: .dead)
                }
                try db.execute(
                    sql: """
                        UPDATE packets SET state = 'pending', attempts = 0, lease_token = NULL, lease_deadline = NULL,
                               updated_at = ? WHERE packet_id = ?
                        """,
                    arguments: [now.timeIntervalSince1970, packetID])
            }
        }
    }

    /// Returns leases whose deadline has passed to `pending` (or `dead`), counting a failed attempt.
    /// The token stays on the row so a late ack can be told `leaseExpired` rather than `leaseMismatch`.
    static func expireLeases(_ db: Database, now: Double, maxAttempts: Int) throws {
        try db.execute(sql: LeaseStatements.expire, arguments: ["max": maxAttempts, "now": now])
    }

    enum LeaseCheck { case current, alreadyAcked }

    /// Whether `token` is the packet's live lease; throws the precise reason when it is not.
    static func checkLease(_ db: Database, packetID: String, token: UUID, now: Double) throws -> LeaseCheck {
        guard let row = try Row.fetchOne(
            db, sql: LeaseStatements.leaseState, arguments: [packetID])
        else { throw QueueError.notFound(packetID: packetID) }
        let state: String = try row.decode(forColumn: "state")
        let storedToken: String? = try row.decode(forColumn: "lease_token")
        let deadline: Double? = try row.decode(forColumn: "lease_deadline")
        guard storedToken == token.uuidString else { throw QueueError.leaseMismatch(packetID: packetID) }
        switch PacketState(rawValue: state) {
        case .leased:
            guard let deadline, now < deadline else { throw QueueError.leaseExpired(packetID: packetID) }
            return .current
        case .done:
            return .alreadyAcked
        case .pending, .dead, nil:
            throw QueueError.leaseExpired(packetID: packetID)
        }
    }
}
