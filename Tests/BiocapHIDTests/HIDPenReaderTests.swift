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

    @Test func aPenSentInTheMouseReportBesideADeclaredDigitizerReportIsRead() async throws {
        // As VEIKK tablets do: a Digitizer/Pen report 2 is declared, the pen arrives in the Mouse application's report 1.
        let descriptor: [UInt8] = [
            0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x01, 0x09, 0x01, 0xA1, 0x00,
            0x05, 0x09, 0x19, 0x01, 0x29, 0x03, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x03, 0x81, 0x02, 0x95, 0x05, 0x81, 0x03,
            0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15, 0x00, 0x26, 0xFF, 0x7F, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02,
            0x05, 0x0D, 0x09, 0x30, 0x26, 0xFF, 0x1F, 0x95, 0x01, 0x81, 0x02, 0xC0, 0xC0,
            0x05, 0x0D, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x02, 0x09, 0x20, 0xA1, 0x00,
            0x09, 0x42, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02, 0x95, 0x07, 0x81, 0x03,
            0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x26, 0xFF, 0x7F, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02, 0xC0, 0xC0,
        ]
        let transport = RecordedPenTransport(otherInterface: try Self.otherInterface(), penInterface: descriptor, reports: [
            [0x01, 0x01, 0x10, 0x27, 0x20, 0x4E, 0xE8, 0x03],  // x 10000, y 20000, pressure 1000, button 1
            [0x03, 0, 0, 0],  // another report (pad buttons): skipped
            [0x02, 0x01, 0x11, 0x00, 0x22, 0x00],  // the digitizer report, should one come
        ])
        let reader = try await HIDPenReader.open(transport)
        #expect(reader.pens.map(\.reportID) == [2, 1])
        let mouse = try await reader.next(timeout: .milliseconds(50))
        #expect(mouse.x == 10_000 && mouse.y == 20_000 && mouse.pressure == 1000 && mouse.tip)
        let digitizer = try await reader.next(timeout: .milliseconds(50))
        #expect(digitizer.x == 0x11 && digitizer.y == 0x22 && digitizer.tip)
    }

    @Test func anImplausibleActiveAreaIsNotBelieved() throws {
        func field(_ usage: HIDUsage, counts: Int64, physical: Int64) -> HIDReportField {
            HIDReportField(usage: usage, reportID: 1, bitOffset: 8, bitSize: 16, logicalMinimum: 0, logicalMaximum: counts,
                           physicalMinimum: 0, physicalMaximum: physical, unit: 0x11, unitExponent: -2, application: .pen,
                           applications: [.pen], isRelative: false)
        }
        let tip = HIDReportField(usage: .tipSwitch, reportID: 1, bitOffset: 40, bitSize: 1, logicalMinimum: 0, logicalMaximum: 1,
                                 physicalMinimum: 0, physicalMaximum: 0, unit: 0, unitExponent: 0, application: .pen, applications: [.pen],
                                 isRelative: false)
        // 254 × 158.75 mm for 32767 counts (XP-Pen Deco 01): believable.
        let deco = try #require(PenReport(reportID: 1, fields: [field(.x, counts: 32767, physical: 2540), field(.y, counts: 32767, physical: 1587), tip],
                                          length: 6))
        #expect(deco.activeAreaMillimetres.map { abs($0.width - 254) < 0.01 } == true)
        // 20.8 × 28 mm for 32767 counts (VEIKK A30's descriptor; the tablet is 254 × 152 mm): 1,575 counts per mm is no tablet.
        let veikk = try #require(PenReport(reportID: 1, fields: [field(.x, counts: 32767, physical: 208), field(.y, counts: 32767, physical: 280), tip],
                                           length: 6))
        #expect(veikk.activeAreaMillimetres == nil)
    }
}
