import BiocapCore
import BiocapDeviceKit
import BiocapTestSupport
import Foundation
import Testing

@testable import BiocapHID

/// The generic HID signature pad over transports that play the two real XP-Pen recordings: the points are the
/// recorded strokes, an unplug ends the stream with `deviceDisconnected` after what was read, one stream at a time.
@Suite struct HIDSignaturePadTests {
    static let request = CaptureRequest(modality: .signature, positions: [.signature])
    static let location = USBLocation(vendorID: 0x28BD, productID: 0x0906, bus: 1, address: 4)

    static func otherInterface() throws -> [UInt8] {
        try #require(try HIDCorpus.entries().first { $0.kind == "no-pen-fields" }).bytes
    }

    /// Reads points until `count` arrived or the stream ended; returns them and how it ended.
    static func read(_ stream: AsyncThrowingStream<PenPoint, any Error>, count: Int) async -> (points: [PenPoint], error: (any Error)?) {
        var points: [PenPoint] = []
        do {
            for try await point in stream {
                points.append(point)
                if points.count == count { break }
            }
        } catch {
            return (points, error)
        }
        return (points, nil)
    }

    @Test(arguments: PenRecordingFile.names)
    func replayedRecordingGivesTheRecordedPoints(_ name: String) async throws {
        let recording = try PenRecordingFile(name)
        let transport = RecordedPenTransport(otherInterface: try Self.otherInterface(), penInterface: recording.descriptor,
                                             reports: recording.reports)
        let pad = HIDSignaturePad(id: "usb-1-4", location: Self.location, transport: transport)
        try await pad.open()
        let descriptor = await pad.descriptor
        #expect(descriptor.modality == .signature && descriptor.driver == "hid-pen" && descriptor.capabilities.positions == [.signature])
        let (points, error) = await Self.read(try await pad.penSamples(for: Self.request), count: recording.rows.count)
        #expect(error == nil)
        #expect(points.count == recording.rows.count)
        let mismatches = zip(points, recording.rows).enumerated().filter { _, pair in
            let (point, row) = pair
            return point.x != row.x || point.y != row.y || point.pressure != row.pressure || point.tip != row.tip || point.inRange != row.inRange
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(points.count) differ, first: \(mismatches.first.map { "\($0)" } ?? "")")
        // No Scan Time in these reports: host time from the first sample, never going back.
        #expect(points.first?.time == .zero)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.time <= $1.time })
        await pad.close()
        #expect(transport.released == [1], "the pen interface is given back to usbhid")
    }

    @Test func anUnplugEndsTheStreamWithDeviceDisconnectedAfterTheSamplesRead() async throws {
        let recording = try PenRecordingFile(PenRecordingFile.names[0])
        let transport = RecordedPenTransport(otherInterface: try Self.otherInterface(), penInterface: recording.descriptor,
                                             reports: Array(recording.reports.prefix(300)), afterLastReport: .noDevice)
        let pad = HIDSignaturePad(id: "usb-1-4", location: Self.location, transport: transport)
        try await pad.open()
        let (points, error) = await Self.read(try await pad.penSamples(for: Self.request), count: .max)
        #expect(points.count == 300, "every sample written before the unplug is kept")
        #expect(error as? BiocapError == .deviceDisconnected(device: "usb-1-4"))
        // The pad is free again (the stream ended), and a new stream reports the unplug at once.
        let (again, secondError) = await Self.read(try await pad.penSamples(for: Self.request), count: .max)
        #expect(again.isEmpty && secondError as? BiocapError == .deviceDisconnected(device: "usb-1-4"))
    }

    @Test func oneStreamAtATimeAndTheConsumerLeavingFreesThePad() async throws {
        let recording = try PenRecordingFile(PenRecordingFile.names[0])
        // A pen that keeps writing: the first stream's reader may take any number of reports before it sees its end.
        let transport = RecordedPenTransport(otherInterface: try Self.otherInterface(), penInterface: recording.descriptor,
                                             reports: recording.reports, looping: true)
        let pad = HIDSignaturePad(id: "usb-1-4", location: Self.location, transport: transport)
        await #expect(throws: BiocapError.deviceNotOpen(device: "usb-1-4")) { _ = try await pad.penSamples(for: Self.request) }
        try await pad.open()
        do {
            let first = try await pad.penSamples(for: Self.request)
            await #expect(throws: BiocapError.deviceBusy(device: "usb-1-4")) { _ = try await pad.penSamples(for: Self.request) }
            await #expect(throws: BiocapError.deviceBusy(device: "usb-1-4")) { _ = try await pad.selfTest() }
            let (points, _) = await Self.read(first, count: 10)
            #expect(points.count == 10)
        }
        // The consumer has let go of the first stream: the pad takes a new one.
        let second = try await pad.penSamples(for: Self.request)
        let (points, _) = await Self.read(second, count: 10)
        #expect(points.count == 10)
        let face = CaptureRequest(modality: .face, positions: [.face])
        await #expect(throws: BiocapError.self) { _ = try await pad.penSamples(for: face) }
        await pad.close()
    }

    @Test func selfTestChecksTheDescriptorAndTheEndpoint() async throws {
        let recording = try PenRecordingFile(PenRecordingFile.names[0])
        let transport = RecordedPenTransport(otherInterface: try Self.otherInterface(), penInterface: recording.descriptor, reports: [])
        let report = try await HIDSignaturePad(id: "usb-1-4", location: Self.location, transport: transport).selfTest()
        #expect(report.passed, "\(report.checks)")
        #expect(report.checks.map(\.name) == ["report-descriptor", "interrupt-endpoint"])
        #expect(transport.released == [1], "a self-test of a closed pad leaves it closed")
        let other = try Self.otherInterface()
        let noPen = try await HIDSignaturePad(id: "usb-1-5", location: nil,
                                              transport: RecordedPenTransport(otherInterface: other, penInterface: other, reports: [])).selfTest()
        #expect(!noPen.passed)
    }

    @Test func geometryOfRealDescriptors() throws {
        func geometry(_ file: String, _ vid: UInt16, _ pid: UInt16) throws -> PadGeometry {
            let entry = try #require(try HIDCorpus.entries().first { $0.file == file }, "\(file)")
            let pen = try #require(PenReport.find(in: try HIDReportDescriptor(bytes: entry.bytes)).first)
            return PadGeometry(pen: pen, usbID: USBID(vendorID: vid, productID: pid))
        }
        // Wacom Intuos Pro M: 44,801 × 29,601 counts at 200 per mm (its descriptor's 224 × 148 mm), 8,192 levels, tilt.
        let intuos = try geometry("wacom-intuos-pro-m-pth-660-fw-v1-50_056a-0357.hex", 0x056A, 0x0357)
        #expect(intuos.width == 44_801 && intuos.height == 29_601 && intuos.pressureMaximum == 8191 && intuos.tilt)
        #expect(intuos.xCountsPerMillimetre.map { abs($0 - 200) < 0.01 } == true)
        // XP-Pen G430S: its descriptor's 4 × 3 in for 32,767 counts is not believed; libwacom's 102 × 76 mm is used.
        let g430s = try geometry("xp-pen-g430s_28bd-0913.hex", 0x28BD, 0x0913)
        #expect(g430s.sizeMillimetres.map { abs($0.width - 102) < 0.01 && abs($0.height - 76) < 0.01 } == true)
        // Huion HS610 in its native mode: inch³ units, and a PID shared by many models: size unknown rather than wrong.
        let huion = try geometry("huion-hs610_256c-0064.hex", 0x256C, 0x0064)
        #expect(huion.width == 32_768 && huion.xCountsPerMillimetre == nil && huion.pressureMaximum == 8191)
    }
}
