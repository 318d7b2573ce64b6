import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Testing

/// The VFS0050 protocol (interrupt endpoint included), line extraction and line assembly against libfprint's
/// recording.
@Suite("VFS0050 protocol and lines")
struct VFS0050DriverTests {
    static func transfers() throws -> [RecordedUSBTransfer] {
        try RecordedIoctlReader.read(TestData.recording("libfprint/vfs0050/capture.ioctl"))
    }

    @Test("the recorded session replays (drains, stop, turn off, turn on, finger interrupt, every line block) and gives capture.pgm")
    func recordedSession() async throws {
        let transfers = try Self.transfers()
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let io = SensorIO(transport: transport)
        var driver = VFS0050Driver()
        try await driver.open(io)
        let image = try await driver.captureImage(io, until: .now + .seconds(60))
        #expect(transport.mismatches == [])
        let expected = try RecordedSessions.expectedImage("vfs0050")
        #expect(image.width == expected.width && image.height == expected.height)
        #expect(image.pixels == expected.pixels, "largest difference \(RecordedSessions.maximumDifference(image, expected) ?? -1)")
        #expect(driver.lastInterrupt == [0x02, 0x04, 0x0a, 0x00, 0xf0])
        // Every recorded line block, in order: the swipe's bytes are their concatenation.
        let blocks = transfers.filter { $0.isIn && $0.endpoint == 0x82 && $0.requestedLength == 65_536 && !$0.inData.isEmpty }
        #expect(driver.lastSwipeBytes == Array(blocks.map(\.inData).joined()))
        let seen = try VFS0050Lines.lines(from: driver.lastSwipeBytes)
        #expect(seen.count >= 100 && seen.count <= driver.lastSwipeBytes.count / 148)
        #expect(seen.allSatisfy { $0[$0.startIndex] == 0x01 && $0[$0.startIndex + 1] == 0xfe })
    }

    @Test("the assembler hook gets the lines")
    func assemblerHook() async throws {
        let transport = RecordedUSBTransport(try Self.transfers(), mode: .searchFromLast)
        let io = SensorIO(transport: transport)
        var driver = VFS0050Driver()
        driver.assembleLines = { lines throws(FingerprintDriverError) in
            GrayImage(width: VFS0050Lines.width, height: lines.count, fill: VFS0050Lines.pixel(lines[0], 0))
        }
        try await driver.open(io)
        let image = try await driver.captureImage(io, until: .now + .seconds(60))
        #expect(image.width == 100 && image.height >= 100)
        #expect(transport.mismatches == [])
    }

    @Test("noise lines at the end are dropped; fewer than 100 lines is too short")
    func noise() throws {
        func line(_ hash: UInt8) -> [UInt8] { [0x01, 0xfe, 0, 0, hash, hash, 0, 0] + [UInt8](repeating: 7, count: 140) }
        let good = Array([[UInt8]](repeating: line(0x10), count: 100).joined())
        let lines = try VFS0050Lines.lines(from: good + line(0x80) + line(0x80) + [1, 2, 3])
        #expect(lines.count == 100)
        #expect(throws: FingerprintDriverError.self) { try VFS0050Lines.lines(from: Array(good.dropFirst(148)) + line(0x80)) }
        let a = line(0)[...], b = line(0)[...]
        #expect(VFS0050Lines.difference(a, b) == 0)
    }

    @Test("an unknown interrupt ends the capture with a protocol violation")
    func unknownInterrupt() async throws {
        let transfers = try Self.transfers()
        // Find the finger interrupt's call in a clean replay, then corrupt it.
        let clean = RecordedUSBTransport(transfers, mode: .searchFromLast)
        var driver = VFS0050Driver()
        try await driver.open(SensorIO(transport: clean))
        _ = try? await driver.captureImage(SensorIO(transport: clean), until: .now + .seconds(60))
        let call = try #require(clean.used.firstIndex { transfers[$0].inData == [0x02, 0x04, 0x0a, 0x00, 0xf0] })
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        transport.inject(.corrupt(index: 0), atCall: call)
        var faulty = VFS0050Driver()
        try await faulty.open(SensorIO(transport: transport))
        await #expect(throws: FingerprintDriverError.protocolViolation("unknown interrupt fd:4:a:0:f0")) {
            _ = try await faulty.captureImage(SensorIO(transport: transport), until: .now + .seconds(60))
        }
    }
}
