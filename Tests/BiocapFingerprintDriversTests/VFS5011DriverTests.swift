import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Testing

/// The VFS5011 protocol, line collection and line assembly against libfprint's recording.
@Suite("VFS5011 protocol and line collection")
struct VFS5011DriverTests {
    static let location = USBLocation(vendorID: 0x138a, productID: 0x0017, bus: 2, address: 17)

    static func transfers() throws -> [RecordedUSBTransfer] {
        try RecordedIoctlReader.read(TestData.recording("libfprint/vfs5011/capture.ioctl"))
    }

    @Test("the recorded session replays (initialisation, capture preparation, chunks until the swipe ends) and gives capture.pgm")
    func recordedSession() async throws {
        let transfers = try Self.transfers()
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let io = SensorIO(transport: transport)
        var driver = VFS5011Driver()
        try await driver.open(io)
        let image = try await driver.captureImage(io, until: .now + .seconds(60))
        #expect(transport.mismatches == [])
        let expected = try RecordedSessions.expectedImage("vfs5011")
        #expect(image.width == expected.width && image.height == expected.height)
        #expect(image.pixels == expected.pixels, "largest difference \(RecordedSessions.maximumDifference(image, expected) ?? -1)")
        // The swipe ends inside the nine recorded chunks, with enough lines for an image 334 lines tall.
        let chunkReads = transport.used.filter { transfers[$0].requestedLength == 61_440 }
        #expect(chunkReads.count <= 9)
        #expect(driver.lastRecordedLines.count >= VFS5011LineCollector.width)
        #expect(driver.lastRecordedLines.allSatisfy { $0.count == 240 && $0[0] == 0x01 && $0[1] == 0xfe })
    }

    @Test("the assembler hook gets the recorded lines")
    func assemblerHook() async throws {
        let transport = RecordedUSBTransport(try Self.transfers(), mode: .searchFromLast)
        let io = SensorIO(transport: transport)
        var driver = VFS5011Driver()
        driver.assembleLines = { lines throws(FingerprintDriverError) in
            GrayImage(width: VFS5011LineCollector.width, height: lines.count, fill: lines[0][8])
        }
        try await driver.open(io)
        let image = try await driver.captureImage(io, until: .now + .seconds(60))
        #expect(image.width == 160 && image.height == driver.lastRecordedLines.count)
    }

    @Test("leading flat lines are skipped, 50 flat lines end the swipe, similar lines are not recorded")
    func lineCollection() {
        func line(_ pixels: [UInt8]) -> [UInt8] { [0x01, 0xfe, 0, 0, 0, 0, 0, 0] + pixels + [UInt8](repeating: 0, count: 72) }
        let flat = line([UInt8](repeating: 128, count: 160))
        let ridges = line((0..<160).map { $0 % 2 == 0 ? 40 : 200 })
        let shifted = line((0..<160).map { $0 % 2 == 0 ? 200 : 40 })
        var collector = VFS5011LineCollector()
        let start: [UInt8] = flat + flat + ridges + ridges + shifted
        let endedEarly = collector.add(chunk: start)
        #expect(!endedEarly)
        #expect(collector.recorded == [ridges, shifted])
        #expect(collector.capturedLines == 3)
        let flats: [UInt8] = Array([[UInt8]](repeating: flat, count: 49).joined())
        let endedAfter49 = collector.add(chunk: flats)
        #expect(!endedAfter49)
        let endedAt50 = collector.add(chunk: flat)
        #expect(endedAt50)
    }

    @Test("the exchanges use the recorded messages")
    func messages() throws {
        let sent = try Self.transfers().filter { !$0.isIn }.map(\.outData)
        for step in VFS5011WireFormat.initialisation + VFS5011WireFormat.initiateCapture {
            if case .send(let bytes) = step { #expect(sent.contains(bytes)) }
        }
    }
}
