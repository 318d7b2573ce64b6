import Foundation
import Testing

@testable import BiocapQueue

@Suite("Lease, ack, nack")
struct LeaseTests {
    let start = Date(timeIntervalSince1970: 1_750_000_000)

    private func queue(_ directory: URL, maxAttempts: Int = 5) throws -> EnrolmentQueue {
        try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory), maxAttempts: maxAttempts)
    }

    @Test func leasesOldestFirstAndAckMakesDone() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try queue(directory)
        var ids: [String] = []
        for offset in [30.0, 10.0, 20.0] {
            let packet = try QueueFixtures.packet()
            try await queue.enqueue(packet, now: start.addingTimeInterval(offset))
            ids.append(packet.manifest.packetID)
        }
        let now = start.addingTimeInterval(100)
        let leases = try await queue.lease(max: 2, for: .seconds(30), now: now)
        #expect(leases.map(\.packetID) == [ids[1], ids[2]])
        #expect(leases.allSatisfy { $0.attempts == 0 && $0.deadline == now.addingTimeInterval(30) })
        #expect(try await queue.stats(now: now) == QueueStats(
            pending: 1, leased: 2, done: 0, dead: 0, oldestPendingAge: 70, totalBytes: try await queue.stats().totalBytes))

        try await queue.ack(packetID: leases[0].packetID, leaseToken: leases[0].token, now: now.addingTimeInterval(5))
        try await queue.ack(packetID: leases[0].packetID, leaseToken: leases[0].token, now: now.addingTimeInterval(6))
        let info = try await queue.info(id: leases[0].packetID)
        #expect(info.state == .done)
        #expect(info.doneAt == now.addingTimeInterval(5))
        // The third packet is the only one left to lease.
        #expect(try await queue.lease(max: 5, for: .seconds(30), now: now).map(\.packetID) == [ids[0]])
    }

    @Test("Released memory (closed read connections, dropped caches) costs nothing but a reopen: reads, leases and acks go on")
    func releasingMemoryKeepsTheQueueWorking() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try queue(directory)
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet, now: start)
        _ = try await queue.stats(now: start)
        queue.releaseMemory()
        #expect(try await queue.stats(now: start).pending == 1)
        let lease = try #require(try await queue.lease(max: 1, for: .seconds(30), now: start).first)
        queue.releaseMemory()
        try await queue.ack(packetID: lease.packetID, leaseToken: lease.token, now: start.addingTimeInterval(1))
        #expect(try await queue.info(id: packet.manifest.packetID).state == .done)
        let second = try QueueFixtures.packet()
        try await queue.enqueue(second, now: start.addingTimeInterval(2))
        #expect(try await queue.stats(now: start.addingTimeInterval(2)).pending == 1)
    }

    @Test func wrongTokenUnknownPacketAndExpiredLeaseAreRefused() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try queue(directory)
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet, now: start)
        let id = packet.manifest.packetID
        let lease = try #require(try await queue.lease(max: 1, for: .seconds(10), now: start).first)

        await #expect(throws: QueueError.leaseMismatch(packetID: id)) {
            try await queue.ack(packetID: id, leaseToken: UUID(), now: start)
        }
        await #expect(throws: QueueError.notFound(packetID: "nope")) {
            try await queue.ack(packetID: "nope", leaseToken: lease.token, now: start)
        }
        await #expect(throws: QueueError.leaseExpired(packetID: id)) {
            try await queue.ack(packetID: id, leaseToken: lease.token, now: start.addingTimeInterval(10))
        }
        #expect(try await queue.info(id: id).state == .leased)
    }

    @Test func expiredLeaseCountsAsFailedAttemptAndIsLeasedAgain() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try queue(directory)
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet, now: start)
        let id = packet.manifest.packetID
        let first = try #require(try await queue.lease(max: 1, for: .seconds(10), now: start).first)
        #expect(try await queue.lease(max: 1, for: .seconds(10), now: start.addingTimeInterval(9)).isEmpty)

        let second = try #require(try await queue.lease(max: 1, for: .seconds(10), now: start.addingTimeInterval(11)).first)
        #expect(second.packetID == id)
        #expect(second.attempts == 1)
        #expect(second.token != first.token)
        #expect(try await queue.info(id: id).lastError?.contains("expired") == true)
        // The first consumer comes back late: its token is no longer current.
        await #expect(throws: QueueError.leaseMismatch(packetID: id)) {
            try await queue.ack(packetID: id, leaseToken: first.token, now: start.addingTimeInterval(12))
        }
        try await queue.ack(packetID: id, leaseToken: second.token, now: start.addingTimeInterval(12))
        #expect(try await queue.info(id: id).state == .done)
    }

    @Test func nackReturnsToPendingWithReasonThenDeadAtMaxAttempts() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try queue(directory, maxAttempts: 3)
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet, now: start)
        let id = packet.manifest.packetID

        var now = start
        for attempt in 1...3 {
            now = now.addingTimeInterval(1)
            let lease = try #require(try await queue.lease(max: 1, for: .seconds(60), now: now).first)
            #expect(lease.attempts == attempt - 1)
            let state = try await queue.nack(packetID: id, leaseToken: lease.token, reason: "HTTP 503 #\(attempt)", now: now)
            #expect(state == (attempt < 3 ? .pending : .dead))
            #expect(try await queue.info(id: id).lastError == "HTTP 503 #\(attempt)")
            await #expect(throws: QueueError.leaseMismatch(packetID: id)) {
                try await queue.ack(packetID: id, leaseToken: lease.token, now: now)
            }
        }
        #expect(try await queue.lease(max: 1, for: .seconds(60), now: now).isEmpty)
        #expect(try await queue.list(state: .dead).map(\.packetID) == [id])

        try await queue.requeueDead(id, now: now)
        let info = try await queue.info(id: id)
        #expect(info.state == .pending && info.attempts == 0)
        await #expect(throws: QueueError.wrongState(packetID: id, state: .pending, expected: .dead)) {
            try await queue.requeueDead(id)
        }
        #expect(try await queue.lease(max: 1, for: .seconds(60), now: now).count == 1)
    }

    @Test func expiriesAloneReachDead() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try queue(directory, maxAttempts: 2)
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet, now: start)
        #expect(try await queue.lease(max: 1, for: .seconds(5), now: start).count == 1)
        #expect(try await queue.lease(max: 1, for: .seconds(5), now: start.addingTimeInterval(6)).count == 1)
        #expect(try await queue.lease(max: 1, for: .seconds(5), now: start.addingTimeInterval(12)).isEmpty)
        let info = try await queue.info(id: packet.manifest.packetID)
        #expect(info.state == .dead && info.attempts == 2)
    }

    @Test func nonsenseArgumentsAreRefused() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try queue(directory)
        await #expect(throws: QueueError.self) { try await queue.lease(max: 1, for: .zero) }
        await #expect(throws: QueueError.self) { try await queue.lease(max: -1, for: .seconds(1)) }
        #expect(throws: QueueError.self) { try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory), maxAttempts: 0) }
    }
}
