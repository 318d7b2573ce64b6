import Foundation
import Testing

@testable import BiocapQueue

@Suite("SIGKILL during enqueue", .serialized)
struct KillTests {
    /// Three rounds on the same database file: each starts the soak on what the last kill left, SIGKILLs it
    /// at a different point, and checks that every packet it printed as acked is there, whole and verified.
    @Test(.enabled(if: SoakProcess.executable != nil,
                   "biocap-queue-soak is not built beside the test binary (run `swift build --build-tests`)"))
    func everyAckedPacketSurvivesSIGKILL() async throws {
        let executable = try #require(SoakProcess.executable)
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kill/queue.sqlite").path
        let recordsPerPacket = 3

        var allAcked: [String] = []
        for (round, killPoint) in [50, 100, 150].enumerated() {
            let soak = SoakProcess(
                executable: executable,
                arguments: ["--db", path, "--count", "100000", "--records", "\(recordsPerPacket)", "--size", "3000"],
                standardErrorFile: directory.appendingPathComponent("stderr-\(round).txt"))
            let outcome = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result {
                        try soak.runAndKill(killAfterAcks: killPoint, killAfterSeconds: 1.5, hardTimeout: 30)
                    })
                }
            }
            try #require(outcome.killed, "the soak exited by itself (status \(outcome.terminationStatus)): \(outcome.standardError)")
            try #require(!outcome.ackedIDs.isEmpty, "the soak acked nothing before the kill: \(outcome.standardError)")
            allAcked += outcome.ackedIDs

            let queue = try EnrolmentQueue(path: path)
            #expect(try await queue.integrityCheck() == [])
            for id in allAcked {
                let packet = try await queue.packet(id: id)  // re-verifies every record's SHA-256
                #expect(packet.manifest.packetID == id)
                #expect(packet.records.count == recordsPerPacket)
                #expect(packet.records.allSatisfy { $0.bytes.count == 3000 })
            }
            // Each round may have committed one packet it had no time to print, never more.
            let stored = try await queue.stats().pending
            #expect(stored >= allAcked.count && stored <= allAcked.count + round + 1)
            try queue.close()
        }
        #expect(Set(allAcked).count == allAcked.count)
    }
}
