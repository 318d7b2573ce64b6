import BiocapAPI
import BiocapRecords
import Foundation
import Testing

@testable import BiocapQueue

/// The audit log records what the queue does in the same transaction, chains every entry to the one before,
/// refuses edits, and `verifyAudit` finds a changed or deleted entry.
@Suite("Audit log")
struct AuditLogTests {
    @Test func queueEventsAreChainedAndTheManifestCarriesTheHead() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        try await queue.audit("capture-started", ["capture": "c1", "uid": "1000"])
        let headBefore = try await queue.verifyAudit().head
        let packet = try QueueFixtures.packet()
        try await queue.enqueue(packet)
        let lease = try #require(try await queue.lease(max: 1, for: .seconds(60)).first)
        try await queue.nack(packetID: lease.packetID, leaseToken: lease.token, reason: "offline")
        let again = try #require(try await queue.lease(max: 1, for: .seconds(60)).first)
        try await queue.ack(packetID: again.packetID, leaseToken: again.token)

        let entries = try await queue.auditEntries()
        #expect(entries.map(\.event) == ["kit-key-created", "capture-started", "packet-stored", "packet-leased", "packet-nacked",
                                         "packet-leased", "packet-delivered"])
        #expect(entries.map(\.seq) == Array(1...7))
        #expect(entries[2].details["packet"] == packet.manifest.packetID && entries[2].details["operator"] == "officer-7")
        #expect(!entries.contains { $0.details.values.contains(packet.manifest.enrolmentID) }, "the enrolled person's id is not audited")
        let verification = try await queue.verifyAudit()
        #expect(verification.intact && verification.entries == 7 && verification.head == entries.last?.sha256)

        // The manifest of a packet stored later carries the head at that moment.
        let second = try QueueFixtures.packet()
        let headNow = try await queue.verifyAudit().head
        try await queue.enqueue(second)
        let manifest = try JSONDecoder().decode(PacketManifest.self, from: try await queue.signedManifest(id: second.manifest.packetID).manifest)
        #expect(manifest.auditHead == headNow && headNow != headBefore)
    }

    @Test func editsAreRefusedAndTamperingIsFound() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        for number in 1...4 { try await queue.audit("capture-started", ["capture": "c\(number)"]) }
        #expect(throws: (any Error).self) { try queue.executeRawSQL("UPDATE audit SET event = 'nothing' WHERE seq = 2") }
        #expect(throws: (any Error).self) { try queue.executeRawSQL("DELETE FROM audit WHERE seq = 2") }
        #expect(try await queue.verifyAudit().intact)

        // Someone with the file drops the guards and rewrites an entry, then deletes another.
        try queue.executeRawSQL("DROP TRIGGER audit_no_update")
        try queue.executeRawSQL("DROP TRIGGER audit_no_delete")
        try queue.executeRawSQL(#"UPDATE audit SET details = '{"capture":"someone-else"}' WHERE seq = 3"#)
        let changed = try await queue.verifyAudit()
        #expect(!changed.intact && changed.brokenAt == 3 && (changed.reason ?? "").contains("hash"), "\(changed)")
        try queue.executeRawSQL(#"UPDATE audit SET details = '{"capture":"c2"}' WHERE seq = 3"#)
        #expect(try await queue.verifyAudit().intact)
        try queue.executeRawSQL("DELETE FROM audit WHERE seq = 4")
        let gap = try await queue.verifyAudit()
        #expect(!gap.intact && gap.brokenAt == 5 && (gap.reason ?? "").contains("missing"), "\(gap)")
    }
}
