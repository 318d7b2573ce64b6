import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import BiocapQueue

/// A kit enqueues a packet of megabytes every few minutes and keeps running for days: what the queue's
/// connections hold between enqueues is memory the daemon's resident set carries for nothing.
@Suite struct QueueMemoryTests {
    @Test func theWritersPageCacheStaysWithinItsLimit() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let pageSize = try await queue.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0 }
        #expect(pageSize == 65536)
        var packetBytes = 0
        for _ in 0..<20 {
            let packet = try QueueFixtures.packet()
            packetBytes += packet.records.reduce(0) { $0 + $1.bytes.count }
            try await queue.enqueue(packet)
        }
        // What the writer's page cache holds now: SQLite counts the pages cached plus one page of scratch space.
        let cached = try await queue.pool.writeWithoutTransaction { db in Self.cacheBytes(db) }
        #expect(packetBytes > 2 * 2048 * 1024, "the packets (\(packetBytes) bytes) are more than the cache may hold")
        #expect(cached <= 2048 * 1024 + 2 * (pageSize + 512), "the writer caches \(cached) bytes after twenty enqueues")
        // The packets are all there to read (the pages come from the file again).
        #expect(try await queue.list(state: nil, limit: 30).count == 20)
        try queue.close()
    }

    private static func cacheBytes(_ db: Database) -> Int {
        var current: Int32 = 0
        var highest: Int32 = 0
        _ = sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0)
        return Int(current)
    }
}
