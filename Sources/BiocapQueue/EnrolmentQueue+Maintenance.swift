import Foundation
import GRDB

extension EnrolmentQueue {
    /// Counts per state, age of the oldest pending packet, bytes stored. May be called from any task.
    public func stats(now: Date = Date()) async throws(QueueError) -> QueueStats {
        try await run {
            try await pool.read { db in
                var counts: [PacketState: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM packets GROUP BY state") {
                    let name: String = try row.decode(forColumn: "state")
                    if let state = PacketState(rawValue: name) { counts[state] = try row.decode(forColumn: "n") }
                }
                let oldest = try Double.fetchOne(db, sql: "SELECT min(created_at) FROM packets WHERE state = 'pending'")
                let bytes = try Int.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM records") ?? 0
                return QueueStats(
                    pending: counts[.pending, default: 0], leased: counts[.leased, default: 0],
                    done: counts[.done, default: 0], dead: counts[.dead, default: 0],
                    oldestPendingAge: oldest.map { Swift.max(0, now.timeIntervalSince1970 - $0) }, totalBytes: bytes)
            }
        }
    }

    /// Retention: deletes done packets (and their records) acknowledged before `cutoff`. Returns how many.
    /// May be called from any task.
    @discardableResult
    public func purge(doneOlderThan cutoff: Date) async throws(QueueError) -> Int {
        let (removed, count) = try await runWrite {
            try await pool.write { db in
                try db.execute(
                    sql: "DELETE FROM packets WHERE state = 'done' AND done_at < ?",
                    arguments: [cutoff.timeIntervalSince1970])
                return (db.changesCount, try Int.fetchOne(db, sql: "SELECT count(*) FROM packets") ?? 0)
            }
        }
        highWaterMark.write(count)  // a purge lowers the mark on purpose
        return removed
    }

    /// SQLite's `integrity_check` and `foreign_key_check`: the problems found, empty when the file is sound.
    /// May be called from any task.
    public func integrityCheck() async throws(QueueError) -> [String] {
        try await run {
            try await pool.read { db in
                var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    problems.append("foreign key violation: \(row)")
                }
                return problems
            }
        }
    }
}
