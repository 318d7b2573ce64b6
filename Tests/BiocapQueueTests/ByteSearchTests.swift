import BiocapTestSupport
import Foundation
import Testing

/// The at-rest scans are only as good as their search: it must find a needle anywhere, including at the very end and
/// in a slice, and agree with Foundation's slow search on random bytes.
@Suite struct ByteSearchTests {
    @Test func findsWhatFoundationFindsAndNothingElse() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let haystack = Data((0..<Int.random(in: 0...400, using: &random)).map { _ in UInt8.random(in: 0...3, using: &random) })
            let needle = Data((0..<Int.random(in: 1...4, using: &random)).map { _ in UInt8.random(in: 0...3, using: &random) })
            let offset = Int.random(in: 0...max(0, haystack.count), using: &random)
            let expected = haystack.range(of: needle, in: haystack.startIndex + offset..<haystack.endIndex).map { $0.lowerBound - haystack.startIndex }
            #expect(ByteSearch.firstOffset(of: needle, in: haystack, from: offset) == expected, "\(Array(haystack)) \(Array(needle)) from \(offset)")
        }
    }

    @Test func edgesAndSlices() {
        let bytes = Data("xxP5\nabcP5".utf8)
        #expect(ByteSearch.firstOffset(of: Data("P5".utf8), in: bytes) == 2)
        #expect(ByteSearch.firstOffset(of: Data("P5".utf8), in: bytes, from: 3) == 8)
        #expect(ByteSearch.firstOffset(of: Data("P5".utf8), in: bytes, from: 9) == nil)
        #expect(!ByteSearch.contains(Data(), in: bytes) && !ByteSearch.contains(Data("x".utf8), in: Data()))
        #expect(!ByteSearch.contains(Data("P5\nabcP5!".utf8), in: bytes))
        let slice = bytes[4...]  // a Data slice keeps its parent's indices; offsets count from its start
        #expect(ByteSearch.firstOffset(of: Data("P5".utf8), in: slice) == 4)
    }
}
