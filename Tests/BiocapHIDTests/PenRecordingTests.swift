import BiocapTestSupport
import Foundation
import Testing

@testable import BiocapHID

/// Real pen strokes recorded from two XP-Pen tablets (usbhid-dump, as hid-recorder text): every report decodes to
/// the reference values (`.csv`, decoded by an independent parser and cross-checked with hid-tools).
@Suite struct PenRecordingTests {
    @Test(arguments: ["xp-pen-g640s_28bd-0906", "xp-pen-deco-01-v2-revb_28bd-0905"])
    func recordedStrokesDecodeToTheReferenceValues(_ name: String) throws {
        let folder = HIDCorpus.folder.appendingPathComponent("recordings")
        let recording = try String(contentsOf: folder.appendingPathComponent(name + ".hid"), encoding: .utf8)
        let lines = recording.split(whereSeparator: \.isNewline)
        let descriptorLine = try #require(lines.first { $0.hasPrefix("R: ") })
        // "R: <length> <bytes…>"
        let descriptorBytes = descriptorLine.split(separator: " ").dropFirst(2).compactMap { UInt8($0, radix: 16) }
        let descriptor = try HIDReportDescriptor(bytes: descriptorBytes)
        let pen = try #require(PenReport.find(in: descriptor).first)
        if name == "xp-pen-g640s_28bd-0906" {
            // 6.496 × 4.055 inches by its descriptor (unit inch, exponent -3): the G640S's 6 × 4 inch active area.
            let area = try #require(pen.activeAreaMillimetres)
            #expect(abs(area.width - 164.998) < 0.01 && abs(area.height - 103.0) < 0.01, "\(area)")
        }
        let parsedReports = lines.filter { $0.hasPrefix("E: ") }.map { line -> [UInt8] in
            // "E: <seconds> <length> <bytes…>"
            let parts = line.split(separator: " ")
            return parts.dropFirst(3).compactMap { UInt8($0, radix: 16) }
        }
        let rows = try String(contentsOf: folder.appendingPathComponent(name + ".csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == parsedReports.count && rows.count > 1000, "\(rows.count) rows, \(parsedReports.count) reports")
        var mismatches: [String] = []
        for (index, (report, row)) in zip(parsedReports, rows).enumerated() {
            guard let sample = pen.decode(report) else {
                mismatches.append("report \(index) did not decode")
                continue
            }
            let expected = (x: Int64(row[2]), y: Int64(row[3]), pressure: Int64(row[4]), tip: row[5] == "1", inRange: row[6] == "1")
            if sample.x != expected.x || sample.y != expected.y || sample.pressure != expected.pressure || sample.tip != expected.tip
                || sample.inRange != expected.inRange {
                mismatches.append("report \(index): \(sample) ≠ \(row)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(rows.count):\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }
}
