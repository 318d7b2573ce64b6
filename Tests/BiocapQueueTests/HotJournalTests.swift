import Foundation
import GRDB
import Testing

@testable import BiocapQueue

/// A queue file left by a writer that died mid-transaction in rollback-journal mode (the previous release's
/// queue, or a kill while it is switched to WAL): the uncommitted pages are in the file, the old ones in the
/// hot journal beside it. Built by copying the file and its journal while a transaction is open, which is
/// exactly what a SIGKILL at that moment leaves on disk.
@Suite("A crashed writer's hot journal")
struct HotJournalTests {
    @Test func aQueueWithAHotJournalOpensWithItsLastCommittedState() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committed = directory.appendingPathComponent("committed/queue.sqlite")
        try FileManager.default.createDirectory(at: committed.deletingLastPathComponent(), withIntermediateDirectories: true)
        let packets = try (0..<6).map { index in try QueueFixtures.packet(createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(index))) }
        try ProtectionTests.writePlainQueue(path: committed.path, packets: packets)

        let crashed = directory.appendingPathComponent("crashed/queue.sqlite")
        try Self.copyMidTransaction(of: committed, to: crashed) { db in
            try db.execute(sql: "UPDATE records SET bytes = zeroblob(length(bytes))")
        }
        let journal = URL(fileURLWithPath: crashed.path + "-journal")
        try #require(FileManager.default.fileExists(atPath: journal.path), "no hot journal was left")
        try #require(try Data(contentsOf: crashed) != Data(contentsOf: committed),
                     "the uncommitted update never reached the file, so rolling back would not matter")

        let queue = try EnrolmentQueue(path: crashed.path)
        #expect(try await queue.integrityCheck() == [])
        #expect(try await queue.stats().total == packets.count)
        for packet in packets.dropFirst() {
            #expect(QueueFixtures.unchained(try await queue.packet(id: packet.manifest.packetID)) == packet)
        }
        try queue.close()
        #expect(!FileManager.default.fileExists(atPath: journal.path))
    }

    @Test func anotherProgramsDatabaseWithAHotJournalIsStillRefused() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let committed = directory.appendingPathComponent("committed/notes.sqlite")
        try FileManager.default.createDirectory(at: committed.deletingLastPathComponent(), withIntermediateDirectories: true)
        let other = try DatabaseQueue(path: committed.path)
        try other.write { db in
            try db.execute(sql: "CREATE TABLE notes (body BLOB)")
            for _ in 0..<200 { try db.execute(sql: "INSERT INTO notes VALUES (randomblob(3000))") }
        }
        try other.close()

        let crashed = directory.appendingPathComponent("crashed/notes.sqlite")
        try Self.copyMidTransaction(of: committed, to: crashed) { db in try db.execute(sql: "DELETE FROM notes") }
        do {
            _ = try EnrolmentQueue(path: crashed.path)
            Issue.record("another program's database was opened as a queue")
        } catch {
            guard case .notAQueueDatabase(_, let reason) = error else { throw error }
            #expect(reason.contains("not the queue's"), "\(reason)")
        }
        let rows = try DatabaseQueue(path: crashed.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notes") }
        #expect(rows == 200, "the other program's committed rows are all there")
    }

    /// Runs `change` in a transaction on `source` with a two-page cache (so SQLite spills dirty pages into the
    /// file after journalling the old ones), copies the file and its journal to `target`, and rolls back.
    static func copyMidTransaction(of source: URL, to target: URL, change: (Database) throws -> Void) throws {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try DatabaseQueue(path: source.path)
        defer { try? writer.close() }
        try writer.inDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = 2")
            try db.execute(sql: "BEGIN IMMEDIATE")
            try change(db)
            try FileManager.default.copyItem(at: source, to: target)
            try FileManager.default.copyItem(atPath: source.path + "-journal", toPath: target.path + "-journal")
            try db.execute(sql: "ROLLBACK")
        }
    }
}
