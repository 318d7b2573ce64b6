import Foundation
import Synchronization

/// How many packets the queue held after its last change, kept in a small file beside the database and
/// outside SQLite's WAL (`queue.sqlite3.count`). A queue that opens with fewer packets than this lost
/// acknowledged packets (a damaged WAL, a restored old file): that must be reported, never silently served
/// as an empty or shorter queue.
///
/// The count is written as a fixed-width decimal line (`width` digits and a newline), so after the file exists
/// every change overwrites the same 21 bytes in place and `fdatasync`s them: one data-block write, no journal
/// commit (size and block map are unchanged), where the atomic replace it did before (temporary file, fsync,
/// rename, fsync of the directory) cost two journal commits on every enqueue. A 21-byte write at offset 0 lies
/// in one sector, which disks write whole. The first write, and one over a file of another length (written by
/// an older biocap or by hand), still goes through the atomic replace. Callable from any thread.
final class QueueHighWaterMark: Sendable {
    let path: String
    /// Digits of the recorded count (zero-padded): any count an `Int` holds.
    static let width = 20
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
        let digits = String(max(0, count))
        let bytes = Array((String(repeating: "0", count: max(0, Self.width - digits.count)) + digits + "\n").utf8)
        writing.withLock { _ in
            if !overwriteInPlace(bytes) { replaceAtomically(bytes) }
        }
    }

    /// Overwrites an existing mark of the same length; false when there is none (or it has another length).
    private func overwriteInPlace(_ bytes: [UInt8]) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) == bytes.count else { return false }
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return written == bytes.count && fdatasync(descriptor) == 0
    }

    /// Writes a temporary file, syncs it, renames it over the mark and syncs the directory.
    private func replaceAtomically(_ bytes: [UInt8]) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { return }
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

    /// Keeps the evidence of a loss: the mark is moved aside (`.lost-<unix time>`), so the next start compares
    /// against what the queue holds now and the old figure stays for whoever investigates.
    func setAside(now: Date = Date()) {
        writing.withLock { _ in
            _ = rename(path, path + ".lost-\(Int(now.timeIntervalSince1970))")
        }
    }
}
