import BiocapDeviceKit
import BiocapTestSupport
import Foundation
import Testing

@testable import BiocapHID

/// The pen reader over a transport that plays a real XP-Pen G640S (its descriptor and 2,474 recorded reports) behind a
/// non-pen HID interface: it picks the pen interface, detaches usbhid, and yields the recorded strokes.
@Suite struct HIDPenReaderTests {
    static func recording() throws -> (descriptor: [UInt8], reports: [[UInt8]], rows: [[String]]) {
        let folder = HIDCorpus.folder.appendingPathComponent("recordings")
        let lines = try String(contentsOf: folder.appendingPathComponent("xp-pen-g640s_28bd-0906.hid"), encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        let descriptor = lines.first { $0.hasPrefix("R: ") }.map { $0.split(separator: " ").dropFirst(2).compactMap { UInt8($0, radix: 16) } } ?? []
        let reports = lines.filter { $0.hasPrefix("E: ") }.map { $0.split(separator: " ").dropFirst(3).compactMap { UInt8($0, radix: 16) } }
        let rows = try String(contentsOf: folder.appendingPathComponent("xp-pen-g640s_28bd-0906.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (descriptor, reports, rows)
    }

    /// A keyboard-like interface with no pen report, from the corpus.
    static func otherInterface() throws -> [UInt8] {
        try #require(try HIDCorpus.entries().first { $0.kind == "no-pen-fields" }).bytes
    }

    @Test func readsTheRecordedStrokesFromThePenInterface() async throws {
        let recording = try Self.recording()
        let transport = RecordedPenTransport(otherInterface: try Self.otherInterface(), penInterface: recording.descriptor,
                                             reports: recording.reports)
        let reader = try await HIDPenReader.open(transport)
        #expect(reader.interface.number == 1 && reader.interface.inputEndpoint == 0x82 && reader.pen.reportID == 7)
        #expect(transport.claimed.count == 1 && transport.claimed[0] == (1, true), "the pen interface, usbhid detached")
        #expect(transport.controlOuts.contains { $0 == (0x21, 0x0A) }, "SET_IDLE")
        var samples: [PenSample] = []
        while true {
            do { samples.append(try await reader.next(timeout: .milliseconds(50))) } catch {
                #expect(error == .transfer(.timeout(endpoint: 0x82)), "the recording ends as a quiet pen does: \(error)")
                break
            }
        }
        #expect(samples.count == recording.rows.count)
        let strokes = zip(samples, recording.rows).filter { sample, row in
            sample.x == Int64(row[2]) && sample.y == Int64(row[3]) && sample.pressure == Int64(row[4]) && sample.tip == (row[5] == "1")
        }
        #expect(strokes.count == recording.rows.count, "\(strokes.count) of \(recording.rows.count) samples as recorded")
        await reader.close()
    }

    @Test func aDeviceWithoutAPenOrWithABrokenDescriptorIsAClearError() async throws {
        let other = try Self.otherInterface()
        let noPen = RecordedPenTransport(otherInterface: other, penInterface: other, reports: [])
        await #expect(throws: HIDPenReader.Failure.noPenInterface) { _ = try await HIDPenReader.open(noPen) }
        let recording = try Self.recording()
        let short = RecordedPenTransport(otherInterface: other, penInterface: recording.descriptor, reports: [], truncateDescriptorBy: 10)
        do {
            _ = try await HIDPenReader.open(short)
            Issue.record("a truncated report descriptor was accepted")
        } catch {
            guard case .badReportDescriptor = error else { throw error }
        }
        #expect(short.claimed.isEmpty, "nothing claimed from a device it cannot read")
        // A configuration descriptor cut anywhere gives the interfaces before the cut, never a crash.
        let full = try await noPen.configurationDescriptor()
        for cut in 0...full.count { _ = HIDInterface.all(inConfiguration: Array(full.prefix(cut))) }
        #expect(HIDInterface.all(inConfiguration: full).map(\.number) == [0, 1])
    }
}
