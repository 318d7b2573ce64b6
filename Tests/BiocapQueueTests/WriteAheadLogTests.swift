import BiocapRecords
import Foundation
import Testing
@testable import BiocapQueue

/// An acknowledged packet must not live only in the write-ahead log for long, and a queue that comes back
/// smaller than it was must say so instead of serving fewer packets as if nothing happened.
@Suite struct WriteAheadLogTests {
    @Test func anAcknowledgedPacketIsInTheDatabaseFileItselfRightAway() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet)
        // Without closing (as after a crash), take the main file alone: a damaged or lost -wal file.
        let copy = directory.appendingPathComponent("copy.sqlite3").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let fromMainFile = try EnrolmentQueue(path: copy)
        #expect(QueueFixtures.unchained(try await fromMainFile.packet(id: packet.manifest.packetID)) == packet)
        try fromMainFile.close()
        try queue.close()
    }

    @Test func closeLeavesNothingInTheLog() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        for _ in 0..<3 { try await queue.enqueue(try QueueFixtures.packet()) }
        try queue.close()
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0, "the -wal file holds \(wal) bytes after close")
    }

    @Test func aQueueThatCameBackSmallerReportsTheLoss() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        do {
            let queue = try EnrolmentQueue(path: path)
            #expect(queue.lossAtOpen == nil)
            for _ in 0..<3 { try await queue.enqueue(try QueueFixtures.packet()) }
            // Packets vanish behind the queue's back (as with a damaged log or an older copy of the file).
            try queue.executeRawSQL("DELETE FROM packets WHERE rowid IN (SELECT rowid FROM packets LIMIT 2)")
            try queue.close()
        }
        let reopened = try EnrolmentQueue(path: path)
        #expect(reopened.lossAtOpen == QueueLoss(expected: 3, found: 1))
        try reopened.close()
        // Reported once; the evidence is kept beside the database.
        let again = try EnrolmentQueue(path: path)
        #expect(again.lossAtOpen == nil)
        let kept = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".count.lost-") }
        #expect(kept.count == 1)
        try again.close()
    }

    @Test func aPurgeIsNotALoss() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        do {
            let queue = try EnrolmentQueue(path: path)
            try await queue.enqueue(try QueueFixtures.packet())
            let lease = try #require(try await queue.lease(max: 1, for: .seconds(60)).first)
            try await queue.ack(packetID: lease.packetID, leaseToken: lease.token)
            #expect(try await queue.purge(doneOlderThan: Date().addingTimeInterval(60)) == 1)
            try queue.close()
        }
        let reopened = try EnrolmentQueue(path: path)
        #expect(reopened.lossAtOpen == nil)
        try reopened.close()
    }
}
