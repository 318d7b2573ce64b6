import BiocapAPI
import BiocapRecords
import Foundation
import GRDB

/// The kit's append-only audit log, in the queue database so an entry commits with what it records. Each entry's
/// hash covers the previous entry's hash and its own fields; triggers refuse UPDATE and DELETE, and a tamperer who
/// drops them is caught by `verify` (a changed entry breaks its hash, a deleted one leaves a gap).
enum AuditLog {
    /// Appends an entry in `db`'s transaction; returns its hash (the new head).
    @discardableResult
    static func append(_ db: Database, event: String, details: [String: String], at: Date = Date()) throws -> String {
        let previous = try head(db)
        let seq = (try Int.fetchOne(db, sql: "SELECT max(seq) FROM audit") ?? 0) + 1
        let detailsJSON = try encode(details)
        let time = (at.timeIntervalSince1970 * 1000).rounded() / 1000
        let hash = digest(previous: previous, seq: seq, at: time, event: event, details: detailsJSON)
        try db.execute(sql: "INSERT INTO audit (seq, at, event, details, previous_sha256, sha256) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [seq, time, event, detailsJSON, previous, hash])
        return hash
    }

    static func head(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT sha256 FROM audit ORDER BY seq DESC LIMIT 1")
    }

    static func digest(previous: String?, seq: Int, at: Double, event: String, details: String) -> String {
        let text = [previous ?? "", String(seq), String(format: "%.3f", at), event, details].joined(separator: "\n")
        return RecordDigest.hex(of: Array(text.utf8))
    }

    static func encode(_ details: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(details), as: UTF8.self)
    }

    static func entries(_ db: Database, since: Date?, limit: Int) throws -> [AuditEntry] {
        try Row.fetchAll(
            db, sql: "SELECT seq, at, event, details, sha256 FROM audit WHERE at >= ? ORDER BY seq LIMIT ?",
            arguments: [since?.timeIntervalSince1970 ?? 0, limit]
        ).map { row in
            let details: String = row["details"]
            return AuditEntry(seq: row["seq"], at: Date(timeIntervalSince1970: row["at"]), event: row["event"],
                              details: (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:],
                              sha256: row["sha256"])
        }
    }

    static func verify(_ db: Database) throws -> AuditVerification {
        var previous: String?
        var expectedSeq = 1
        var count = 0
        for row in try Row.fetchAll(db, sql: "SELECT seq, at, event, details, previous_sha256, sha256 FROM audit ORDER BY seq") {
            let seq: Int = row["seq"]
            count += 1
            func broken(_ reason: String) -> AuditVerification {
                AuditVerification(intact: false, entries: count, head: previous, brokenAt: seq, reason: reason)
            }
            if seq != expectedSeq { return broken("entries \(expectedSeq)…\(seq - 1) are missing (deleted)") }
            let stored: String? = row["previous_sha256"]
            if stored != previous { return broken("it does not name the entry before it") }
            let hash = digest(previous: previous, seq: seq, at: row["at"], event: row["event"], details: row["details"])
            if hash != row["sha256"] as String { return broken("its content does not match its hash (changed after it was written)") }
            previous = hash
            expectedSeq += 1
        }
        return AuditVerification(intact: true, entries: count, head: previous)
    }
}
