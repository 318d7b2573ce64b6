import Foundation
import Synchronization

/// How many packets the queue held after its last change, kept in a small file beside the database and
/// outside SQLite's WAL (`queue.sqlite3.count`). A queue that opens with fewer packets than this lost
/// acknowledged packets (a damaged WAL, a restored old file): that must be reported, never silently served
/// as an empty or shorter queue.
///
/// Written atomically (temporary file, fsync, rename, fsync of the directory) after every enqueue and purge;
/// callable from any thread.
final class QueueHighWaterMark: Sendable {
    let path: String
    private let writing = Mutex(())

    init(databasePath: String) {
        path = databasePath + ".count"
    }

    /// The recorded count; nil when there is none yet or it cannot be read as a number.
    func read() -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Records `count`. Best effort: a mark that cannot be written weakens the check, it does not stop the queue.
    func write(_ count: Int) {
        writing.withLock { _ in
            let temporary = path + ".tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
            guard descriptor >= 0 else { return }
            let bytes = Array("\(count)\n".utf8)
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            let synced = fsync(descriptor) == 0
            close(descriptor)
            guard written == bytes.count, synced, rename(temporary, path) == 0 else {
                unlink(temporary)
                return
            }
            let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        }
    }

    /// Keeps the evidence of a loss: the mark is moved aside (`.lost-<unix time>`), so the next start compares
    /// against what the queue holds now and the old figure stays for whoever investigates.
    func setAside(now: Date = Date()) {
        writing.withLock { _ in
            _ = rename(path, path + ".lost-\(Int(now.timeIntervalSince1970))")
        }
    }
}
