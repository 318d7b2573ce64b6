import BiocapTestSupport
import Foundation
import Testing

@testable import BiocapQueue

@Suite("Files that are not queues")
struct ForeignFileTests {
    /// Opening must fail with `notAQueueDatabase` and leave the file byte-for-byte as it was.
    private func expectRefused(_ path: String, reasonContains fragment: String) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try EnrolmentQueue(path: path)
            Issue.record("\(path) was opened as a queue")
        } catch {
            guard case .notAQueueDatabase(let reportedPath, let reason) = error else {
                Issue.record("expected notAQueueDatabase, got \(error)")
                return
            }
            #expect(reportedPath == path)
            #expect(reason.contains(fragment), "reason: \(reason)")
            #expect(error.description.contains(path))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func randomBytesAreRefused() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(noise).write(to: URL(fileURLWithPath: path))
        try expectRefused(path, reasonContains: "not an SQLite database")
    }

    @Test func realNonDatabaseFilesAreRefused() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for source in ["README.md", "iso-samples/mosip-mock/Face.iso"] {
            let path = directory.appendingPathComponent(URL(fileURLWithPath: source).lastPathComponent).path
            try Data(contentsOf: TestData.data(source)).write(to: URL(fileURLWithPath: path))
            try expectRefused(path, reasonContains: "not an SQLite database")
        }
    }

    @Test func truncatedSQLiteHeaderIsRefused() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        try Data("SQLite format 3\0".utf8 + [UInt8](repeating: 0xAB, count: 4000)).write(to: URL(fileURLWithPath: path))
        try expectRefused(path, reasonContains: "SQLite")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 command"))
    func anotherApplicationsDatabaseIsRefused() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Ada');"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
        try expectRefused(path, reasonContains: "contacts")
    }

    @Test(arguments: [
        ("PRAGMA application_id = 1234", "application id"),
        ("CREATE TABLE extra (x)", "extra"),
        ("INSERT INTO grdb_migrations VALUES ('v9-from-the-future')", "v9-from-the-future"),
        ("DELETE FROM grdb_migrations", "migrations"),
    ])
    func alteredQueueSchemaIsRefused(_ sql: String, _ fragment: String) throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        try queue.executeRawSQL(sql)
        try queue.close()
        try expectRefused(path, reasonContains: fragment)
    }

    @Test func emptyFileAndMissingDirectoryBecomeQueues() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let emptyPath = QueueFixtures.databasePath(in: directory)
        _ = FileManager.default.createFile(atPath: emptyPath, contents: Data())
        #expect(try await EnrolmentQueue(path: emptyPath).stats().total == 0)
        let nestedPath = directory.appendingPathComponent("a/b/c/queue.sqlite").path
        #expect(try await EnrolmentQueue(path: nestedPath).stats().total == 0)
    }

    @Test func directoryPathIsRefused() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: QueueError.notAQueueDatabase(path: directory.path, reason: "it is a directory")) {
            try EnrolmentQueue(path: directory.path)
        }
    }
}
