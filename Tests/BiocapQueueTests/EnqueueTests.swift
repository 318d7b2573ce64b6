import BiocapRecords
import Foundation
import Testing

@testable import BiocapQueue

@Suite("Enqueue and read back")
struct EnqueueTests {
    @Test func roundTripIsByteExact() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packet = try QueueFixtures.packet()

        let queued = try await queue.enqueue(packet)
        #expect(queued.state == .pending)
        #expect(queued.recordCount == 5)
        #expect(queued.totalBytes == packet.records.reduce(0) { $0 + $1.bytes.count })

        let readBack = try await queue.packet(id: packet.manifest.packetID)
        #expect(QueueFixtures.unchained(readBack) == packet)
        #expect(readBack.records.map(\.bytes) == packet.records.map(\.bytes))
        #expect(try await queue.info(id: packet.manifest.packetID) == queued)
        #expect(try await queue.integrityCheck().isEmpty)
    }

    @Test func duplicatePacketIsRejected() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet)
        await #expect(throws: QueueError.duplicatePacket(packetID: packet.manifest.packetID)) {
            try await queue.enqueue(packet)
        }
        #expect(try await queue.stats().pending == 1)
    }

    @Test func shaMismatchInFifthRecordStoresNothing() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        var packet = try QueueFixtures.packet()
        packet.records[4].bytes[100] ^= 0x01

        do {
            try await queue.enqueue(packet)
            Issue.record("a packet with a damaged record was accepted")
        } catch {
            guard case .invalidPacket(_, let reason) = error else { throw error }
            #expect(reason.contains("SHA-256"))
        }
        try await expectEmpty(queue)
    }

    @Test(arguments: [
        "missing record", "unnamed record", "wrong size", "wrong format", "duplicate record id",
    ])
    func inconsistentPacketIsRejected(_ defect: String) async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        var packet = try QueueFixtures.packet()
        switch defect {
        case "missing record": packet.records.remove(at: 3)
        case "unnamed record": packet.records.append(PacketRecord(id: "stray", format: .isoFace, bytes: [1, 2, 3]))
        case "wrong size": packet.manifest.captures[1].recordSize += 1
        case "wrong format": packet.manifest.captures[0].recordFormat = .isoIris
        default: packet.records.append(packet.records[0])
        }
        await #expect(throws: QueueError.self) { try await queue.enqueue(packet) }
        try await expectEmpty(queue)
    }

    /// A failure inside the write transaction (injected on the 5th record's INSERT) rolls back the packet row
    /// and the four records already written.
    @Test func failureMidTransactionLeavesNoRows() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        try queue.executeRawSQL("""
            CREATE TEMP TRIGGER fail_fifth BEFORE INSERT ON records WHEN NEW.ordinal = 4
            BEGIN SELECT RAISE(ABORT, 'injected failure on the fifth record'); END;
            """)
        let packet = try QueueFixtures.packet()
        await #expect(throws: QueueError.self) { try await queue.enqueue(packet) }
        try await expectEmpty(queue)
        await #expect(throws: QueueError.notFound(packetID: packet.manifest.packetID)) {
            try await queue.packet(id: packet.manifest.packetID)
        }
    }

    @Test func concurrentEnqueuesAllLand() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packets = try (0..<12).map { _ in try QueueFixtures.packet() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                let mine = packets.enumerated().filter { $0.offset % 4 == worker }.map(\.element)
                group.addTask {
                    for packet in mine { try await queue.enqueue(packet) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await queue.stats().pending == packets.count)
        for packet in packets {
            #expect(QueueFixtures.unchained(try await queue.packet(id: packet.manifest.packetID)) == packet)
        }
    }

    @Test func reopenedQueueKeepsEverything() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/deeper/queue.sqlite").path
        let packets = try (0..<3).map { _ in try QueueFixtures.packet() }
        do {
            let queue = try EnrolmentQueue(path: path)
            for packet in packets { try await queue.enqueue(packet) }
            let lease = try #require(try await queue.lease(max: 1, for: .seconds(60)).first)
            try await queue.ack(packetID: lease.packetID, leaseToken: lease.token)
            try queue.close()
        }
        let reopened = try EnrolmentQueue(path: path)
        // The delivered one was crypto-erased at its ack; the others read back whole.
        for packet in packets.dropFirst() {
            #expect(QueueFixtures.unchained(try await reopened.packet(id: packet.manifest.packetID)) == packet)
        }
        await #expect(throws: QueueError.erased(packetID: packets[0].manifest.packetID)) {
            try await reopened.packet(id: packets[0].manifest.packetID)
        }
        let stats = try await reopened.stats()
        #expect(stats.pending == 2 && stats.done == 1)
        let delivered = try await reopened.info(id: packets[0].manifest.packetID)
        #expect(delivered.state == .done && delivered.erased == true && delivered.enrolmentID.isEmpty)
    }

    /// SQL for a byte of `column` (1-based `position`) that differs from the stored one: writing a constant would
    /// leave the blob unchanged once in 256 runs, when the random byte already was that constant.
    static func changedByte(_ column: String, _ position: Int) -> String {
        "CASE WHEN substr(\(column), \(position), 1) = x'00' THEN x'01' ELSE x'00' END"
    }

    /// A changed manifest (another person's enrolment id, say) must not come back as a valid packet with a fresh
    /// checksum: every read opens the sealed manifest and checks its digest and its signature.
    @Test(arguments: [
        "UPDATE packets SET manifest_sealed = CAST(substr(manifest_sealed, 1, 30) || \(EnqueueTests.changedByte("manifest_sealed", 31)) || substr(manifest_sealed, 32) AS BLOB)",
        "UPDATE packets SET manifest_signature = zeroblob(64)",
        "UPDATE packets SET manifest_sha256 = NULL",
        "UPDATE packets SET manifest_sha256 = '\(String(repeating: "0", count: 64))'",
        "UPDATE packets SET wrapped_key = CAST(substr(wrapped_key, 1, 12) || \(EnqueueTests.changedByte("wrapped_key", 13)) || substr(wrapped_key, 14) AS BLOB)",
    ])
    func tamperedManifestsAreReportedCorrupt(_ tampering: String) async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet)
        let id = packet.manifest.packetID
        #expect(QueueFixtures.unchained(try await queue.packet(id: id)) == packet)
        try queue.executeRawSQL(tampering)
        await #expect(throws: QueueError.self) { _ = try await queue.packet(id: id) }
        await #expect(throws: QueueError.self) { _ = try await queue.info(id: id) }
        await #expect(throws: QueueError.self) { _ = try await queue.list() }
        do {
            _ = try await queue.packet(id: id)
        } catch {
            guard case .corrupt(let corruptID, _) = error else { throw error }
            #expect(corruptID == id)
        }
    }

    @Test func tamperedRecordBytesAreReportedCorrupt() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet)
        let id = packet.manifest.packetID
        let flipped = String(format: "%02x", packet.records[2].bytes[50] ^ 0xff)
        try queue.executeRawSQL("""
            UPDATE records SET bytes = CAST(substr(bytes, 1, 50) || x'\(flipped)' || substr(bytes, 52) AS BLOB)
            WHERE packet_id = '\(id)' AND ordinal = 2
            """)
        do {
            _ = try await queue.packet(id: id)
            Issue.record("tampered bytes were returned as a valid packet")
        } catch {
            guard case .corrupt(let corruptID, let reason) = error else { throw error }
            #expect(corruptID == id)
            #expect(reason.contains(packet.records[2].id))
        }
    }

    private func expectEmpty(_ queue: EnrolmentQueue) async throws {
        #expect(try await queue.stats().total == 0)
        #expect(try await queue.stats().totalBytes == 0)
        #expect(try await queue.list().isEmpty)
    }
}
