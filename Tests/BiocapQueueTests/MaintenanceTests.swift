import Foundation
import Testing

@testable import BiocapQueue

@Suite("Stats, list and retention")
struct MaintenanceTests {
    @Test func purgeRemovesOnlyOldDonePacketsAndTheirRecords() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        let packets = try (0..<3).map { _ in try QueueFixtures.packet() }
        for (index, packet) in packets.enumerated() {
            try await queue.enqueue(packet, now: start.addingTimeInterval(Double(index)))
        }
        let perPacketBytes = try await queue.info(id: packets[0].manifest.packetID).totalBytes
        #expect(try await queue.stats().totalBytes == 3 * perPacketBytes)

        let leases = try await queue.lease(max: 2, for: .seconds(60), now: start.addingTimeInterval(10))
        try await queue.ack(packetID: leases[0].packetID, leaseToken: leases[0].token, now: start.addingTimeInterval(20))
        try await queue.ack(packetID: leases[1].packetID, leaseToken: leases[1].token, now: start.addingTimeInterval(40))

        #expect(try await queue.purge(doneOlderThan: start.addingTimeInterval(30)) == 1)
        await #expect(throws: QueueError.notFound(packetID: leases[0].packetID)) { try await queue.info(id: leases[0].packetID) }
        let stats = try await queue.stats(now: start.addingTimeInterval(50))
        #expect(stats.done == 1 && stats.pending == 1 && stats.total == 2)
        #expect(stats.oldestPendingAge == 48)
        #expect(stats.totalBytes == 2 * perPacketBytes)
        #expect(try await queue.list(state: .done).map(\.packetID) == [leases[1].packetID])
        #expect(try await queue.list().count == 2)
        #expect(try await queue.list(limit: 1).map(\.packetID) == [leases[1].packetID])
        #expect(try await queue.integrityCheck().isEmpty)
    }
}
