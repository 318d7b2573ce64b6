import Foundation
import Testing
@testable import BiocapQueue

/// The count beside the database: created atomically, then overwritten in place (same file, same length)
/// on every change, and read back whatever length an older writer left.
@Suite struct QueueHighWaterMarkTests {
    @Test func laterWritesOverwriteTheSameFileInPlace() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mark = QueueHighWaterMark(databasePath: QueueFixtures.databasePath(in: directory))
        #expect(mark.read() == nil)
        mark.write(3)
        let first = try FileManager.default.attributesOfItem(atPath: mark.path)
        #expect(mark.read() == 3)
        #expect((first[.size] as? Int) == QueueHighWaterMark.width + 1)
        mark.write(12_345)
        let second = try FileManager.default.attributesOfItem(atPath: mark.path)
        #expect(mark.read() == 12_345)
        // Same inode: no temporary file renamed over it, so no directory change to sync.
        #expect((first[.systemFileNumber] as? Int) == (second[.systemFileNumber] as? Int))
        mark.write(Int.max)
        #expect(mark.read() == Int.max)
        mark.write(0)
        #expect(mark.read() == 0)
        #expect(!FileManager.default.fileExists(atPath: mark.path + ".tmp"))
    }

    @Test func aMarkOfAnotherLengthIsReplacedWhole() throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mark = QueueHighWaterMark(databasePath: QueueFixtures.databasePath(in: directory))
        // What biocap wrote before the fixed width: the number and a newline.
        try Data("7\n".utf8).write(to: URL(fileURLWithPath: mark.path))
        #expect(mark.read() == 7)
        mark.write(8)
        #expect(mark.read() == 8)
        let size = try FileManager.default.attributesOfItem(atPath: mark.path)[.size] as? Int
        #expect(size == QueueHighWaterMark.width + 1, "no stale digits left behind a shorter number")
    }
}
