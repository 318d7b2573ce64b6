import BiocapProtection
import BiocapRecords
import Foundation
import Testing

@testable import BiocapQueue

/// Rotating the kit's keys re-wraps undelivered packets in one transaction, keeps old signatures verifiable, and
/// survives a crash between the key files and the database.
@Suite("Key rotation")
struct KeyRotationTests {
    @Test func packetsStayReadableAndOldSignaturesVerifyAfterARotation() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        let before = try QueueFixtures.packet()
        try await queue.enqueue(before)
        let oldFingerprint = queue.keys.signingFingerprint
        let keyDirectory = try #require(queue.keyDirectory)

        let newKeys = try KitKeyStore.prepareRotation(directory: keyDirectory)
        try await queue.rotateKeys(to: newKeys)
        try KitKeyStore.commitRotation(directory: keyDirectory)
        #expect(queue.keys.signingFingerprint == newKeys.signingFingerprint && newKeys.signingFingerprint != oldFingerprint)
        #expect(queue.retiredSigningKeys.count == 1)
        #expect(QueueFixtures.unchained(try await queue.packet(id: before.manifest.packetID)) == before)
        let after = try QueueFixtures.packet()
        try await queue.enqueue(after)
        let signed = try await queue.signedManifest(id: after.manifest.packetID)
        #expect(newKeys.signing.publicKey.isValidSignature(signed.signature, for: signed.manifest))
        #expect(try await queue.auditEntries().contains { $0.event == "kit-key-rotated" && $0.details["to"] == newKeys.signingFingerprint })

        // Reopened from the rotated key files: both packets read, the old one's signature still verifies.
        try queue.close()
        let reopened = try EnrolmentQueue(path: path)
        #expect(reopened.keys.signingFingerprint == newKeys.signingFingerprint)
        #expect(QueueFixtures.unchained(try await reopened.packet(id: before.manifest.packetID)) == before)
        #expect(QueueFixtures.unchained(try await reopened.packet(id: after.manifest.packetID)) == after)
    }

    @Test func aRotationCutShortIsUndoneOrFinishedAtTheNextStart() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let packet = try QueueFixtures.packet()
        let original: String
        do {
            let queue = try EnrolmentQueue(path: path)
            try await queue.enqueue(packet)
            original = queue.keys.signingFingerprint
            // Killed after the new key files were written, before the database took them.
            _ = try KitKeyStore.prepareRotation(directory: try #require(queue.keyDirectory))
            try queue.close()
        }
        do {
            let queue = try EnrolmentQueue(path: path)
            #expect(queue.keys.signingFingerprint == original, "the new files were dropped: the queue never took them")
            #expect(QueueFixtures.unchained(try await queue.packet(id: packet.manifest.packetID)) == packet)
            // Killed after the database committed, before the files were renamed.
            let newKeys = try KitKeyStore.prepareRotation(directory: try #require(queue.keyDirectory))
            try await queue.rotateKeys(to: newKeys)
            try queue.close()
            let reopened = try EnrolmentQueue(path: path)
            #expect(reopened.keys.signingFingerprint == newKeys.signingFingerprint, "the rotation was finished at start")
            #expect(QueueFixtures.unchained(try await reopened.packet(id: packet.manifest.packetID)) == packet)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: try #require(reopened.keyDirectory)).filter { $0.hasSuffix(".new") }
            #expect(leftovers.isEmpty)
        }
    }
}
