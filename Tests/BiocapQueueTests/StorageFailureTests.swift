import Foundation
import Testing

@testable import BiocapQueue

@Suite("Storage failures")
struct StorageFailureTests {
    /// SQLite's page limit produces the same SQLITE_FULL a full disk does.
    @Test func fullDatabaseIsReportedAndStoresNothing() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        let first = try QueueFixtures.packet()
        try await queue.enqueue(first)
        // SQLite never lowers the limit below the pages in use: the file may not grow past what holds one packet.
        try queue.executeRawSQL("PRAGMA max_page_count = 1")

        let second = try QueueFixtures.packet()
        await #expect(throws: QueueError.diskFull(path: path)) { try await queue.enqueue(second) }
        #expect(try await queue.stats().total == 1)
        #expect(QueueFixtures.unchained(try await queue.packet(id: first.manifest.packetID)) == first)
        #expect(try await queue.integrityCheck().isEmpty)
    }

    @Test func writeRefusedBySQLiteIsReportedReadOnly() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        let packet = try QueueFixtures.packet()
        try queue.executeRawSQL("PRAGMA query_only = ON")
        do {
            try await queue.enqueue(packet)
            Issue.record("a write went through a read-only connection")
        } catch {
            guard case .readOnly(let reportedPath, _) = error else { throw error }
            #expect(reportedPath == path)
        }
    }

    @Test func aFailedWriteIsAWriteProblemUntilAWriteSucceeds() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        #expect(queue.writeProblems().isEmpty)
        try queue.executeRawSQL("PRAGMA query_only = ON")
        _ = try? await queue.enqueue(try QueueFixtures.packet())
        let problems = queue.writeProblems()
        #expect(problems.map(\.code) == ["queue-read-only"], "\(problems)")
        // Reads do not clear it; a successful write does.
        _ = try await queue.stats()
        #expect(queue.writeProblems().count == 1)
        try queue.executeRawSQL("PRAGMA query_only = OFF")
        try await queue.enqueue(try QueueFixtures.packet())
        #expect(queue.writeProblems().isEmpty)
    }

    @Test func aDirectoryWithoutWritePermissionIsAWriteProblem() async throws {
        // Root may write anywhere the file system allows, so this only means something for other users.
        guard getuid() != 0 else { return }
        let directory = try QueueFixtures.directory()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
            try? FileManager.default.removeItem(at: directory)
        }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory.path)
        #expect(queue.writeProblems().map(\.code) == ["queue-read-only"])
    }
}
