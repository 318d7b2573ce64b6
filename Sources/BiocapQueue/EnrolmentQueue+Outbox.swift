import BiocapRecords
import Foundation
import GRDB

/// The uplink's outbox: the objects it sealed for a leased packet and their upload progress, kept in the queue's
/// database so a retry, a crash or a reboot sends the same bytes again and only what the store does not have yet.
/// Everything here may be called from any task.
extension EnrolmentQueue {
    /// Stores the sealed objects of a leased packet (in upload order) unless some are staged already — then the
    /// staged ones are returned unchanged, so the bytes (and their SHA-256 in a signed manifest) never change between
    /// attempts. Throws `leaseMismatch` / `leaseExpired` when `leaseToken` is not the packet's live lease.
    public func stage(
        packetID: String, leaseToken: UUID, objects: [(name: String, bytes: Data)], now: Date = Date()
    ) async throws(QueueError) -> [OutboxObject] {
        let timestamp = now.timeIntervalSince1970
        try await runWrite {
            try await pool.write { db in
                _ = try Self.checkLease(db, packetID: packetID, token: leaseToken, now: timestamp)
                guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_objects WHERE packet_id = ?", arguments: [packetID]) == 0
                else { return }
                for (ordinal, object) in objects.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO outbox_objects (packet_id, ordinal, name, sha256, size, bytes) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [packetID, ordinal, object.name, RecordDigest.hex(of: Array(object.bytes)), object.bytes.count, object.bytes])
                }
                try AuditLog.append(db, event: "packet-sealed-for-centre", details: ["packet": packetID, "objects": String(objects.count)])
            }
        }
        return try await outbox(packetID: packetID)
    }

    /// The staged objects of a packet in upload order (empty when nothing is staged).
    public func outbox(packetID: String) async throws(QueueError) -> [OutboxObject] {
        try await run {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT ordinal, name, sha256, size, upload_id, stored FROM outbox_objects WHERE packet_id = ? ORDER BY ordinal",
                    arguments: [packetID]
                ).map { row in
                    OutboxObject(ordinal: try row.decode(forColumn: "ordinal"), name: try row.decode(forColumn: "name"),
                                 sha256: try row.decode(forColumn: "sha256"), size: try row.decode(forColumn: "size"),
                                 uploadID: try row.decode(forColumn: "upload_id"), stored: try row.decode(Int.self, forColumn: "stored") != 0)
                }
            }
        }
    }

    /// `length` bytes of a staged object from `offset` (a part of a multipart upload, or all of it).
    public func outboxBytes(packetID: String, name: String, offset: Int = 0, length: Int? = nil) async throws(QueueError) -> Data {
        let found = try await run {
            try await pool.read { db -> Data? in
                if let length {
                    return try Data.fetchOne(
                        db, sql: "SELECT substr(bytes, ?, ?) FROM outbox_objects WHERE packet_id = ? AND name = ?",
                        arguments: [offset + 1, length, packetID, name])
                }
                return try Data.fetchOne(db, sql: "SELECT bytes FROM outbox_objects WHERE packet_id = ? AND name = ?",
                                         arguments: [packetID, name])
            }
        }
        guard let found else { throw .notFound(packetID: packetID) }
        return found
    }

    /// Records that the store holds the object.
    public func markStored(packetID: String, name: String) async throws(QueueError) {
        try await runWrite {
            try await pool.write { db in
                try db.execute(sql: "UPDATE outbox_objects SET stored = 1 WHERE packet_id = ? AND name = ?", arguments: [packetID, name])
            }
        }
    }

    /// Starts (or, with nil, forgets) the object's multipart upload; forgetting also drops its recorded parts.
    public func setUploadID(_ uploadID: String?, packetID: String, name: String) async throws(QueueError) {
        try await runWrite {
            try await pool.write { db in
                try db.execute(sql: "UPDATE outbox_objects SET upload_id = ? WHERE packet_id = ? AND name = ?",
                               arguments: [uploadID, packetID, name])
                if uploadID == nil {
                    try db.execute(sql: "DELETE FROM outbox_parts WHERE packet_id = ? AND name = ?", arguments: [packetID, name])
                }
            }
        }
    }

    /// Records a part the store acknowledged (replacing an earlier record of the same number).
    public func recordPart(_ part: OutboxPart, packetID: String, name: String) async throws(QueueError) {
        try await runWrite {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO outbox_parts (packet_id, name, part_number, upload_id, sha256, etag)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [packetID, name, part.partNumber, part.uploadID, part.sha256, part.etag])
            }
        }
    }

    /// The acknowledged parts of the object's current upload, by part number.
    public func parts(packetID: String, name: String) async throws(QueueError) -> [OutboxPart] {
        try await run {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT p.part_number, p.upload_id, p.sha256, p.etag FROM outbox_parts p
                        JOIN outbox_objects o ON o.packet_id = p.packet_id AND o.name = p.name AND o.upload_id = p.upload_id
                        WHERE p.packet_id = ? AND p.name = ? ORDER BY p.part_number
                        """,
                    arguments: [packetID, name]
                ).map { row in
                    OutboxPart(partNumber: try row.decode(forColumn: "part_number"), uploadID: try row.decode(forColumn: "upload_id"),
                               sha256: try row.decode(forColumn: "sha256"), etag: try row.decode(forColumn: "etag"))
                }
            }
        }
    }

    /// Gives a leased packet back to `pending` without counting an attempt, with `reason` as its last error: for
    /// failures that are not the packet's (the store is down, the credentials are refused). Throws like `nack`.
    public func release(packetID: String, leaseToken: UUID, reason: String, now: Date = Date()) async throws(QueueError) {
        let timestamp = now.timeIntervalSince1970
        try await runWrite {
            try await pool.write { db in
                guard try Self.checkLease(db, packetID: packetID, token: leaseToken, now: timestamp) == .current else {
                    throw QueueError.wrongState(packetID: packetID, state: .done, expected: .leased)
                }
                try db.execute(
                    sql: """
                        UPDATE packets SET state = 'pending', last_error = ?, lease_token = NULL, lease_deadline = NULL,
                               lease_holder = NULL, updated_at = ? WHERE packet_id = ?
                        """,
                    arguments: [reason, timestamp, packetID])
            }
        }
    }

    /// Returns every packet leased by `holder` to `pending` without counting an attempt: the daemon's own uplink
    /// calls it when it starts, so a lease its previous run held when it was killed does not stall delivery.
    @discardableResult
    public func releaseLeases(holder: String, now: Date = Date()) async throws(QueueError) -> Int {
        try await runWrite {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE packets SET state = 'pending', lease_token = NULL, lease_deadline = NULL, lease_holder = NULL,
                               updated_at = ? WHERE state = 'leased' AND lease_holder = ?
                        """,
                    arguments: [now.timeIntervalSince1970, holder])
                return db.changesCount
            }
        }
    }
}

extension EnrolmentQueue {
    /// Packets not yet delivered (pending or leased) and the bytes of their records. May be called from any task.
    public func waitingTotals() async throws(QueueError) -> (packets: Int, bytes: Int) {
        try await run {
            try await pool.read { db in
                let packets = try Int.fetchOne(db, sql: "SELECT count(*) FROM packets WHERE state IN ('pending', 'leased')") ?? 0
                let bytes = try Int.fetchOne(db, sql: """
                    SELECT coalesce(sum(r.size), 0) FROM records r JOIN packets p ON p.packet_id = r.packet_id
                    WHERE p.state IN ('pending', 'leased')
                    """) ?? 0
                return (packets, bytes)
            }
        }
    }
}
