import Foundation
import GRDB

/// Decides, without changing the file (beyond SQLite's own recovery of a crashed writer's journal), whether a path
/// may be opened as a queue: absent or empty (a new queue), or an SQLite database that carries our application id,
/// only our tables and only migrations we know.
enum QueueFileInspector {
    private static let sqliteMagic: [UInt8] = Array("SQLite format 3\0".utf8)

    private typealias Contents = (applicationID: Int32, objects: [String], migrations: [String]?)

    /// Throws `notAQueueDatabase` for a file that is not ours, `readOnly`/`storage` when it cannot be read. The
    /// only change ever made is SQLite's own recovery: a hot journal left by a writer that died mid-transaction
    /// is rolled back, as any SQLite connection with write access would on opening the file, restoring its last
    /// committed state.
    static func check(path: String) throws(QueueError) {
        func foreign(_ reason: String) -> QueueError { .notAQueueDatabase(path: path, reason: reason) }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard !isDirectory.boolValue else { throw foreign("it is a directory") }

        let header: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            header = [UInt8](try handle.read(upToCount: 100) ?? Data())
        } catch {
            throw .storage(path: path, detail: "cannot read the file: \(error.localizedDescription)")
        }
        if header.isEmpty { return }
        guard header.count >= sqliteMagic.count, Array(header.prefix(sqliteMagic.count)) == sqliteMagic else {
            throw foreign("not an SQLite database: the file does not start with the SQLite header")
        }

        let contents: Contents
        do {
            contents = try readContents(path: path)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_READONLY_ROLLBACK {
            // A writer died mid-transaction in rollback-journal mode (a queue from before WAL, or a kill while the
            // pool switched it to WAL): a read-only connection may not replay the hot journal, so it refuses the file.
            do {
                try rollBackHotJournal(path: path)
                contents = try readContents(path: path)
            } catch {
                throw classify(error, path: path)
            }
        } catch {
            throw classify(error, path: path)
        }

        if contents.objects.isEmpty && contents.applicationID == 0 { return }
        let strangers = contents.objects.filter { !QueueSchema.tables.contains($0) }.sorted()
        guard strangers.isEmpty else {
            throw foreign("it has tables that are not the queue's: \(strangers.prefix(5).joined(separator: ", "))")
        }
        guard contents.applicationID == QueueSchema.applicationID else {
            let hex = String(UInt32(bitPattern: contents.applicationID), radix: 16)
            throw foreign("its application id is 0x\(hex), not biocap's")
        }
        guard let migrations = contents.migrations, migrations.contains("v1-packets") else {
            throw foreign("it has no record of the queue's migrations")
        }
        let unknown = Set(migrations).subtracting(QueueSchema.knownMigrations).sorted()
        guard unknown.isEmpty else {
            throw foreign("it was migrated by a newer or different program (unknown migrations: \(unknown.joined(separator: ", ")))")
        }
    }

    private static func readContents(path: String) throws -> Contents {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = false
        let reader = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? reader.close() }
        return try reader.read { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let objects = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            let migrations = try objects.contains("grdb_migrations")
                ? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : nil
            return (applicationID, objects, migrations)
        }
    }

    /// Opens the file read-write (its journal mode untouched) and reads its schema, which makes SQLite replay the
    /// hot journal into it and delete the journal.
    private static func rollBackHotJournal(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = false
        let writer = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? writer.close() }
        try writer.inDatabase { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
    }

    private static func classify(_ error: any Error, path: String) -> QueueError {
        guard let error = error as? DatabaseError else { return .storage(path: path, detail: "\(error)") }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .notAQueueDatabase(path: path, reason: "SQLite cannot read it: \(error.message ?? "\(error.resultCode)")")
        default:
            return StorageErrorMapping.map(error, path: path)
        }
    }
}
