import BiocapRecords
import Foundation
import Testing

@testable import BiocapQueue

/// A capture goes into one packet at most, and a client's idempotency key names one packet: both are checked
/// in the transaction that stores the packet, so they hold under concurrent submissions and across restarts.
@Suite("Submission claims")
struct SubmissionClaimTests {
    @Test func aCaptureGoesIntoOnePacketEvenUnderConcurrentSubmissions() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packets = try (0..<20).map { _ in try QueueFixtures.packet() }
        let outcomes = await withTaskGroup(of: Result<EnqueueOutcome, QueueError>.self) { group in
            for packet in packets {
                group.addTask {
                    do throws(QueueError) {
                        return .success(try await queue.enqueue(packet, claims: PacketClaims(captureIDs: ["capture-1", "capture-2"])))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let stored = outcomes.compactMap { try? $0.get() }
        #expect(stored.count == 1)
        let owner = try #require(stored.first?.packet.packetID)
        for case .failure(let error) in outcomes {
            guard case .captureAlreadyPacked(let captureID, let packetID) = error else {
                Issue.record("unexpected error \(error)")
                continue
            }
            #expect(captureID == "capture-1" && packetID == owner)
        }
        #expect(try await queue.stats().pending == 1)

        // The claim is durable: after a restart the capture is still taken.
        try queue.close()
        let reopened = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        await #expect(throws: QueueError.captureAlreadyPacked(captureID: "capture-2", packetID: owner)) {
            try await reopened.enqueue(try QueueFixtures.packet(), claims: PacketClaims(captureIDs: ["capture-2"]))
        }
        // Other captures are free.
        let other = try await reopened.enqueue(try QueueFixtures.packet(), claims: PacketClaims(captureIDs: ["capture-3"]))
        guard case .stored = other else { Issue.record("expected a stored packet, got \(other)"); return }
    }

    @Test func theSameKeyAndRequestReturnTheStoredPacket() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let claims = PacketClaims(captureIDs: ["c1"], idempotencyKey: "key-1", requestSHA256: String(repeating: "a", count: 64))
        let first = try await queue.enqueue(try QueueFixtures.packet(), claims: claims)
        guard case .stored(let stored) = first else { Issue.record("first submission not stored: \(first)"); return }

        // The retry builds a new packet (new id) from the same request: the first one comes back, nothing is added.
        let retry = try await queue.enqueue(try QueueFixtures.packet(), claims: claims)
        #expect(retry == .replayed(stored))
        #expect(try await queue.stats().pending == 1)
        #expect(try await queue.idempotencyRecord(key: "key-1") == IdempotencyRecord(packetID: stored.packetID, requestSHA256: claims.requestSHA256))
        #expect(try await queue.idempotencyRecord(key: "key-2") == nil)

        var different = claims
        different.requestSHA256 = String(repeating: "b", count: 64)
        await #expect(throws: QueueError.idempotencyKeyReused(key: "key-1", packetID: stored.packetID)) {
            try await queue.enqueue(try QueueFixtures.packet(), claims: different)
        }
        #expect(try await queue.stats().pending == 1)
    }

    @Test func aPurgedPacketReleasesNothingButItsRows() async throws {
        // Deleting a packet (purge of delivered packets) removes its claims with it; the queue stays consistent.
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packet = try QueueFixtures.packet()
        _ = try await queue.enqueue(packet, claims: PacketClaims(captureIDs: ["c9"], idempotencyKey: "k9", requestSHA256: "x"))
        try queue.executeRawSQL("DELETE FROM packets WHERE packet_id = '\(packet.manifest.packetID)'")
        #expect(try await queue.integrityCheck().isEmpty)
        #expect(try await queue.idempotencyRecord(key: "k9") == nil)
        let again = try await queue.enqueue(try QueueFixtures.packet(), claims: PacketClaims(captureIDs: ["c9"]))
        guard case .stored = again else { Issue.record("expected stored, got \(again)"); return }
    }
}
