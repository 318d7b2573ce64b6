import GRDB

/// Turns SQLite failures into `QueueError`s that say what happened to the operator.
enum StorageErrorMapping {
    static func map(_ error: any Error, path: String) -> QueueError {
        if let queueError = error as? QueueError { return queueError }
        guard let databaseError = error as? DatabaseError else {
            return .storage(path: path, detail: "\(error)")
        }
        let detail = databaseError.message ?? "SQLite error \(databaseError.extendedResultCode.rawValue)"
        // A file system made read-only under a running daemon fails writes with an I/O error or "cannot open",
        // not SQLITE_READONLY: say what it is.
        if [.SQLITE_IOERR, .SQLITE_CANTOPEN].contains(databaseError.resultCode), let refusal = FileSystemProbe.writeRefusal(path) {
            return .readOnly(path: path, detail: "\(refusal) (\(detail))")
        }
        switch databaseError.resultCode {
        case .SQLITE_FULL:
            return .diskFull(path: path)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return .readOnly(path: path, detail: detail)
        case .SQLITE_NOTADB:
            return .notAQueueDatabase(path: path, reason: "SQLite cannot read it: \(detail)")
        case .SQLITE_CORRUPT:
            return .storage(path: path, detail: "the database file is damaged: \(detail)")
        default:
            return .storage(path: path, detail: detail)
        }
    }

    /// Runs `body`, mapping any error it throws.
    static func run<T>(path: String, _ body: () throws -> T) throws(QueueError) -> T {
        do {
            return try body()
        } catch {
            throw map(error, path: path)
        }
    }

    /// Awaits `body`, mapping any error it throws the same way as the synchronous `run`.
    static func run<T>(path: String, _ body: () async throws -> T) async throws(QueueError) -> T {
        do {
            return try await body()
        } catch {
            throw map(error, path: path)
        }
    }
}
