import BiocapTestSupport
import Foundation
import Testing

@testable import BiocapHID

/// Hostile and damaged report descriptors and reports: every one is a clear error or a parse, never a crash, a hang
/// or unbounded memory. Mutations are seeded, so a failure reproduces.
@Suite struct HIDDescriptorFuzzTests {
    /// SplitMix64: a small seeded generator, so every run tries the same inputs.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Parses, and decodes a few reports of every pen found: the parse may fail, nothing may trap.
    static func exercise(_ bytes: [UInt8], using random: inout SeededGenerator) {
        guard let descriptor = try? HIDReportDescriptor(bytes: bytes) else { return }
        for pen in PenReport.find(in: descriptor) {
            for length in [0, 1, pen.length - 1, pen.length, pen.length + 3] where length >= 0 {
                var report = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                if let id = pen.reportID, !report.isEmpty { report[0] = id }
                _ = pen.decode(report)
            }
        }
    }

    @Test func mutatedTruncatedAndRandomDescriptorsNeverCrash() throws {
        var random = SeededGenerator(state: 0x5EED_0018)
        let corpus = try HIDCorpus.entries().map(\.bytes)
        #expect(corpus.count >= 100)
        var parsed = 0
        for original in corpus {
            for cut in stride(from: 0, through: original.count, by: max(1, original.count / 64)) {
                Self.exercise(Array(original.prefix(cut)), using: &random)
            }
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...6, using: &random) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &random)
                    case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
                    default: bytes.remove(at: at)
                    }
                }
                if (try? HIDReportDescriptor(bytes: bytes)) != nil { parsed += 1 }
                Self.exercise(bytes, using: &random)
            }
        }
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            Self.exercise(bytes, using: &random)
        }
        #expect(parsed > 0, "some mutations still parse, so the decoders were exercised too")
    }

    @Test func hostileDescriptorsAreClearErrors() {
        let usageX: [UInt8] = [0x05, 0x01, 0x09, 0x30]
        // Push without Pop, over and over.
        #expect(throws: HIDDescriptorError.unbalancedPushPop(offset: 32)) {
            try HIDReportDescriptor(bytes: [UInt8](repeating: 0xA4, count: 10_000))
        }
        // Collections nested thousands deep.
        #expect(throws: HIDDescriptorError.unbalancedCollection(offset: 64)) {
            try HIDReportDescriptor(bytes: Array([[UInt8]](repeating: [0xA1, 0x01], count: 5_000).joined()))
        }
        // Report Count 0xFFFFFFFF, and Report Size 0xFFFFFFFF.
        #expect(throws: HIDDescriptorError.reportTooLarge(offset: 11)) {
            try HIDReportDescriptor(bytes: usageX + [0x75, 0x08, 0x97, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x02])
        }
        #expect(throws: HIDDescriptorError.reportTooLarge(offset: 11)) {
            try HIDReportDescriptor(bytes: usageX + [0x77, 0xFF, 0xFF, 0xFF, 0xFF, 0x95, 0x01, 0x81, 0x02])
        }
        // A report that grows past 64 KiB by many modest items.
        let growing = usageX + [0x75, 0x40] + Array([[UInt8]](repeating: [0x96, 0x00, 0x04, 0x81, 0x03], count: 400).joined())
        #expect {
            try HIDReportDescriptor(bytes: growing)
        } throws: { error in
            if case .reportTooLarge = error as? HIDDescriptorError { return true }
            return false
        }
        // 255 report ids of 65,535 one-bit fields each: refused before the fields are made.
        var wide: [UInt8] = usageX + [0x75, 0x01, 0x96, 0xFF, 0xFF]
        for id in 1...255 { wide += [0x85, UInt8(id), 0x09, 0x30, 0x81, 0x02] }
        #expect {
            try HIDReportDescriptor(bytes: wide)
        } throws: { error in
            if case .tooManyFields = error as? HIDDescriptorError { return true }
            return false
        }
        // A usage range ending at 0xFFFFFFFF with more values than usages: stops at the end of the range.
        let range: [UInt8] = [0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x2B, 0xFF, 0xFF, 0xFF, 0xFF, 0x75, 0x08, 0x95, 0x04, 0x81, 0x02]
        #expect((try? HIDReportDescriptor(bytes: range))?.inputReports[nil]?.count == 4)
        // A long item whose length runs past the end.
        #expect(throws: HIDDescriptorError.truncated(offset: 0)) { try HIDReportDescriptor(bytes: [0xFE, 0xFF, 0x00, 0x01]) }
    }

    @Test func shortAndUnknownReportsAreSkipped() throws {
        let recording = try PenRecordingFile(PenRecordingFile.names[0])
        let pen = try #require(PenReport.find(in: try HIDReportDescriptor(bytes: recording.descriptor)).first)
        let report = recording.reports[100]
        for cut in 0..<pen.length { #expect(pen.decode(Array(report.prefix(cut))) == nil, "a \(cut)-byte report") }
        var other = report
        other[0] = 0x0B
        #expect(pen.decode(other) == nil, "another report id")
        #expect(pen.decode(report) != nil)
    }
}
