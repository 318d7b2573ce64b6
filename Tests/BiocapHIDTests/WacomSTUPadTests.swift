import BiocapCore
import BiocapDeviceKit
import BiocapTestSupport
import Foundation
import Testing

@testable import BiocapHID

/// The Wacom STU driver against the 22 samples Wacom's own tool decoded from an STU-430V (the shared `.csv`),
/// encoded into reports 0x34 and 0x01 by the layout README.md documents. This proves the driver is consistent with
/// that layout and the decoded values; it cannot prove the layout is the wire's (no wire capture exists here).
@Suite struct WacomSTUPadTests {
    struct Sample {
        var rdy: Int, sw: Int, pressure: Int, x: Int, y: Int, time: Int, sequence: Int
    }

    static func samples() throws -> [Sample] {
        let url = HIDCorpus.folder.appendingPathComponent("recordings/wacom-stu-430v_decoded-sample.csv")
        return try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("#") && !$0.hasPrefix("rdy") }
            .map { line in
                let v = line.split(separator: ",").compactMap { Int($0) }
                return Sample(rdy: v[0], sw: v[1], pressure: v[2], x: v[3], y: v[4], time: v[5], sequence: v[6])
            }
    }

    /// Report 0x34 (or 0x01 without the time and sequence) for one sample, per the documented layout.
    static func encode(_ sample: Sample, timed: Bool) -> [UInt8] {
        func be(_ value: Int) -> [UInt8] { [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }
        var report: [UInt8] = [timed ? 0x34 : 0x01, UInt8(sample.rdy << 7 | sample.sw << 4 | (sample.pressure >> 8) & 0x0F),
                               UInt8(sample.pressure & 0xFF)] + be(sample.x) + be(sample.y)
        if timed { report += be(sample.time) + be(sample.sequence) }
        return report
    }

    /// The STU-430V's capability as the same FAQ page dumps it: 9600 × 6000, pressure 1023, 320 × 200 screen,
    /// 200 reports/s, 2540 counts per inch.
    static let capability: [UInt8] = [0x09, 0x25, 0x80, 0x17, 0x70, 0x03, 0xFF, 0x01, 0x40, 0x00, 0xC8, 200, 0x09, 0xEC, 0, 0]
    static let location = USBLocation(vendorID: 0x056A, productID: 0x00A6, bus: 1, address: 9)
    static let request = CaptureRequest(modality: .signature, positions: [.signature])

    static func points(_ pad: WacomSTUPad, count: Int) async throws -> (points: [PenPoint], error: (any Error)?) {
        var points: [PenPoint] = []
        do {
            for try await point in try await pad.penSamples(for: request) {
                points.append(point)
                if points.count == count { break }
            }
        } catch { return (points, error) }
        return (points, nil)
    }

    @Test func timedReportsGiveTheDecodedSamplesBack() async throws {
        let samples = try Self.samples()
        #expect(samples.count == 22)
        // An unknown report and a short one in between are skipped.
        var reports = samples.map { Self.encode($0, timed: true) }
        reports.insert([0x02, 0x00, 0x00], at: 5)
        reports.insert([0x34, 0x80, 0x10], at: 9)
        let transport = ScriptedSTUTransport(capability: Self.capability, reports: reports, afterLast: .noDevice)
        let pad = WacomSTUPad(id: "usb-1-9", location: Self.location, transport: transport)
        try await pad.open()
        let (descriptor, timed) = (await pad.descriptor, await pad.timedPenData)
        #expect(descriptor.model == "STU-430V" && descriptor.driver == "wacom-stu" && timed)
        #expect(transport.featuresSent.first == [0x32, 0x03], "timed pen data asked for")
        let geometry = await pad.geometry
        #expect(geometry.width == 9601 && geometry.height == 6001 && geometry.pressureMaximum == 1023)
        #expect(geometry.xCountsPerMillimetre.map { abs($0 - 100) < 0.001 } == true, "2540 per inch")
        let (points, error) = try await Self.points(pad, count: .max)
        #expect(error as? BiocapError == .deviceDisconnected(device: "usb-1-9"))
        #expect(points.count == samples.count)
        for (point, sample) in zip(points, samples) {
            #expect(point.x == sample.x && point.y == sample.y && point.pressure == sample.pressure)
            #expect(point.tip == (sample.sw == 1) && point.inRange == (sample.rdy == 1))
            #expect(point.time == .milliseconds(sample.time - samples[0].time), "the pad's clock")
        }
        await pad.close()
        #expect(transport.released == [0])
    }

    @Test func untimedReportsAndAPadRefusingTimedData() async throws {
        let samples = try Self.samples()
        let transport = ScriptedSTUTransport(capability: Self.capability, reports: samples.map { Self.encode($0, timed: false) },
                                             refusesTimedPenData: true)
        let pad = WacomSTUPad(id: "usb-1-9", location: Self.location, transport: transport)
        try await pad.open()
        #expect(await !pad.timedPenData)
        let (points, _) = try await Self.points(pad, count: samples.count)
        #expect(points.map(\.x) == samples.map(\.x) && points.map(\.pressure) == samples.map(\.pressure))
        #expect(points.first?.time == .zero)
        await pad.close()
    }

    @Test func capabilityReportDecodesAndBadOnesAreRefused() async throws {
        let capability = try #require(WacomSTUCapability(report: Self.capability))
        #expect(capability == WacomSTUCapability(tabletMaximumX: 9600, tabletMaximumY: 6000, tabletMaximumPressure: 1023, screenWidth: 320,
                                                 screenHeight: 200, maximumReportRate: 200, resolution: 2540))
        for cut in 0..<12 { #expect(WacomSTUCapability(report: Array(Self.capability.prefix(cut))) == nil) }
        #expect(WacomSTUCapability(report: [0x09] + [UInt8](repeating: 0, count: 15)) == nil, "all zero")
        let short = ScriptedSTUTransport(capability: Array(Self.capability.prefix(6)), reports: [])
        let pad = WacomSTUPad(id: "usb-1-9", location: Self.location, transport: short)
        await #expect(throws: BiocapError.protocolViolation(device: "usb-1-9", reason: "capability report 0x09 unusable: 6 bytes")) {
            try await pad.open()
        }
        #expect(short.released == [0], "the interface is given back after a failed open")
    }

    @Test func reportsOfEveryLengthDecodeOrAreSkipped() {
        for length in 0..<16 {
            for id: UInt8 in [0x01, 0x34, 0x09, 0xFF] {
                let report = [id] + [UInt8](repeating: 0xFF, count: length)
                let pen = WacomSTUReport.decodePen(report)
                #expect((pen != nil) == ((id == 0x01 && length >= 6) || (id == 0x34 && length >= 10)), "\(id) + \(length)")
            }
        }
        #expect(WacomSTUReport.decodePen([]) == nil)
    }

    @Test func lcdCommandsAreTheDocumentedBytes() async throws {
        let transport = ScriptedSTUTransport(capability: Self.capability, reports: [])
        let pad = WacomSTUPad(id: "usb-1-9", location: Self.location, transport: transport)
        try await pad.open()
        await pad.show(.blank)
        #expect(transport.featuresSent.last == [0x20, 0x00])
        await pad.show(.signHere)
        let sent = Array(transport.featuresSent.drop { $0.first != 0x25 })
        #expect(sent.first == [0x25, 0x00], "start, 1-bit encoding for the monochrome STU-430V")
        #expect(sent.last == [0x27, 0x00], "end")
        let blocks = sent.dropFirst().dropLast()
        #expect(blocks.allSatisfy { $0[0] == 0x26 && Int($0[1]) | Int($0[2]) << 8 == $0.count - 3 && $0.count - 3 <= 253 })
        let image = blocks.flatMap { $0.dropFirst(3) }
        #expect(image.count == 40 * 200, "320 × 200 pixels at one bit each")
        let expected = WacomSTUPromptImage(width: 320, height: 200)
        #expect(image == expected.monochrome())
        // The box is drawn and the text is there: ink in the top band and on the box's edges, paper inside the box.
        let box = expected.signingBox
        #expect(expected.isInk(x: box.left, y: (box.top + box.bottom) / 2) && expected.isInk(x: (box.left + box.right) / 2, y: box.bottom))
        #expect(!expected.isInk(x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2))
        #expect((0..<box.top).contains { y in (0..<320).contains { expected.isInk(x: $0, y: y) } })
        await pad.close()
    }
}
