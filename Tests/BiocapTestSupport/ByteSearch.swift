import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finding a byte string in megabytes of file contents with `memchr` and `memcmp` (Glibc's module map leaves out the
/// GNU `memmem`): Foundation's
/// `Data.range(of:)` compares byte by byte through generic code, and scanning a queue's files for every record's head
/// took most of a test's twenty seconds that way.
public enum ByteSearch {
    /// The offset (from `haystack.startIndex`) of the first `needle` at or after `offset`, or nil.
    public static func firstOffset(of needle: Data, in haystack: Data, from offset: Int = 0) -> Int? {
        guard !needle.isEmpty, offset >= 0, offset <= haystack.count - needle.count else { return nil }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin -> Int? in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return nil }
                let first = Int32(pin[0])
                let last = hay.count - pin.count
                var position = offset
                while position <= last {
                    guard let hit = memchr(base + position, first, last - position + 1) else { return nil }
                    let candidate = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + candidate, pinBase, pin.count) == 0 { return candidate }
                    position = candidate + 1
                }
                return nil
            }
        }
    }

    /// Whether `needle` occurs anywhere in `haystack`.
    public static func contains(_ needle: Data, in haystack: Data) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }
}
