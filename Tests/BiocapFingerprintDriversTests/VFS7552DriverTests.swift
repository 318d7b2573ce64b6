import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
import BiocapDevices
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Testing

/// The VFS7552 against libfprint's recording: libfprint's image exactly, its finger detection frame by frame,
/// and faults injected into the recording.
@Suite("VFS7552 driver")
struct VFS7552DriverTests {
    static let device = "usb-test"
    /// Bus and address from the recording's `@DEV /dev/bus/usb/001/003`.
    static let location = USBLocation(vendorID: 0x138a, productID: 0x0091, bus: 1, address: 3)

    static func transfers() throws -> [RecordedUSBTransfer] {
        try RecordedIoctlReader.read(TestData.recording("libfprint/vfs7552/capture.ioctl"))
    }

    static let chunkRequest = VFS7552WireFormat.readImageChunk

    @Test("the recorded session replays and gives capture.pgm exactly (frame 22 of 33, cleaned against frame 0, doubled)")
    func recordedSession() async throws {
        let transfers = try Self.transfers()
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let device = USBFingerprintDevice<VFS7552Driver>(id: Self.device, location: Self.location, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        let state = await device.driverState
        // Frame 0 the background, frames 1–20 empty, frame 21 ends the finger wait, frame 22 is the image.
        #expect(state.framesRead == 23)
        #expect(state.lastVariance == 2_082)
        #expect(state.phase == .captured)
        await device.close()

        #expect(transport.mismatches == [])
        // `close` stops the sensor: the session's last two commands.
        let lastWrites = transport.used.map { transfers[$0] }.filter { !$0.isIn }.suffix(2).map(\.outData)
        #expect(Array(lastWrites) == [VFS7552WireFormat.cmd04, VFS7552WireFormat.cmd52])
        let image = try #require(frame.views.first?.image.gray)
        let expected = try RecordedSessions.expectedImage("vfs7552")
        #expect(image.width == 224 && image.height == 224)
        #expect(image.pixels == expected.pixels)
        #expect(image.ppi == 500)
    }

    @Test("a second frame waits for the finger to go (frames 23–32), stops the sensor, and starts again")
    func secondFrame() async throws {
        let transfers = try Self.transfers()
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let device = USBFingerprintDevice<VFS7552Driver>(id: Self.device, location: Self.location, transport: transport)
        try await device.open()
        let stream = try await device.frames(for: RecordedSessions.request(timeout: .seconds(60)))
        var images: [GrayImage] = []
        for try await frame in stream {
            images.append(try #require(frame.views.first?.image.gray))
            if images.count == 2 { break }
        }
        let state = await device.driverState
        await device.close()
        #expect(transport.mismatches == [])
        #expect(images.count == 2)
        #expect(images.first?.pixels == (try RecordedSessions.expectedImage("vfs7552")).pixels)
        // 23 frames, 10 more until frame 32 (variance 16 < 100); then the replay starts over: frame 0 is blank
        // against the old background, frame 1 is the new one, frame 21 ends the wait, frame 22 (2,065) is the image.
        #expect(state.framesRead == 23 + 10 + 23)
        #expect(state.lastVariance == 2_065)
        let writes = transport.used.map { transfers[$0] }.filter { !$0.isIn }.map(\.outData)
        let stops = writes.indices.filter { writes[$0] == VFS7552WireFormat.cmd04 }
        let starts = writes.indices.filter { writes[$0] == VFS7552WireFormat.imageStart }
        #expect(starts.count == 2 && stops.count == 2)
        #expect(stops.first.map { $0 > starts[0] && $0 < starts[1] } == true)
    }

    @Test("every message the driver sends is one the recording holds; the recorded blobs decode to their lengths")
    func messages() throws {
        let sent = Set(try Self.transfers().filter { !$0.isIn }.map(\.outData))
        let format = VFS7552WireFormat.self
        #expect([format.init00, format.init01, format.init04, format.imageStart].map(\.count) == [501, 10, 6_677, 13_725])
        var built: [[UInt8]] = [format.isImageReady, format.readImageChunk, format.imageStart]
        for step in format.initialisation + format.stopCapture {
            if case .send(let bytes) = step { built.append(bytes) }
        }
        #expect(Set(built) == sent)
    }

    @Test("chunks: lines of 8 control bytes and 112 pixels; short or overflowing chunks are errors")
    func chunkAssembler() throws {
        func chunk(lines: Int, first: UInt8) -> [UInt8] {
            let payload = lines * VFS7552ChunkAssembler.lineLength
            var bytes: [UInt8] = [0, 0, UInt8(payload & 0xff), UInt8(payload >> 8), 0, 1]
            for line in 0..<lines {
                bytes += [UInt8](repeating: 0xee, count: 8) + [UInt8](repeating: first &+ UInt8(line), count: 112)
            }
            return bytes
        }
        var assembler = VFS7552ChunkAssembler()
        try assembler.add(chunk: chunk(lines: 40, first: 0))
        try assembler.add(chunk: chunk(lines: 40, first: 40))
        #expect(!assembler.isComplete && assembler.lines == 80)
        try assembler.add(chunk: chunk(lines: 32, first: 80) + [1, 2, 3])
        #expect(assembler.isComplete)
        #expect(assembler.pixels.count == 112 * 112)
        #expect(assembler.pixels[111 * 112] == 111 && !assembler.pixels.contains(0xee))

        #expect(throws: FingerprintDriverError.protocolViolation("truncated image chunk: 4 bytes, shorter than its 6-byte header")) {
            var fresh = VFS7552ChunkAssembler()
            try fresh.add(chunk: [0, 0, 0xc0, 0x12])
        }
        #expect(throws: FingerprintDriverError.protocolViolation("truncated image chunk: 1000 bytes, its header announces 4806")) {
            var fresh = VFS7552ChunkAssembler()
            try fresh.add(chunk: Array(chunk(lines: 40, first: 0).prefix(1000)))
        }
        #expect(throws: FingerprintDriverError.self) {
            var full = assembler
            try full.add(chunk: chunk(lines: 1, first: 0))
        }
    }

    @Test("cleaning subtracts from the background, ×4 capped at 255; doubling makes 2×2 blocks; libfprint's variance")
    func imageProcessing() {
        let cleaned = VFS7552ImageProcessing.clean([100, 50, 200, 10], background: [100, 60, 150, 200])
        #expect(cleaned.pixels == [0, 40, 0, 255])
        #expect(!cleaned.isBlank)
        #expect(VFS7552ImageProcessing.clean([5, 6], background: [5, 6]).isBlank)
        #expect(VFS7552ImageProcessing.doubled([1, 2, 3, 4], width: 2, height: 2)
                == [1, 1, 2, 2,
                    1, 1, 2, 2,
                    3, 3, 4, 4,
                    3, 3, 4, 4])
        // mean 2 (integer), deviations −2, −1, 2, 1 → 10 / 4 = 2.
        #expect(VFS7552ImageProcessing.squaredDeviation([0, 1, 4, 3]) == 2)
        #expect(VFS7552ImageProcessing.squaredDeviation([7, 7, 7]) == 0)
    }

    static let faults: [TargetedFault] = [
        .init(name: "truncated image chunk", fault: .truncate(count: 1000), target: TargetedFault.read(0x81, length: 4806), occurrence: 4,
              expected: .protocolViolation(containing: "truncated image chunk: 1000 bytes")),
        .init(name: "truncated set-up reply during open", fault: .truncate(count: 3),
              target: { $0.isIn && $0.endpoint == 0x81 && $0.inData == [0, 0, 3, 0, 0, 0] },
              expected: .protocolViolation(containing: "reply to 0x7: expected 0 0 3 0 0 0")),
        .init(name: "short reply to start image", fault: .truncate(count: 64), target: TargetedFault.read(0x81, length: 2048),
              expected: .protocolViolation(containing: "reply to start image: 64 bytes")),
        .init(name: "unknown image-ready reply", fault: .corrupt(index: 0),
              target: { $0.isIn && $0.endpoint == 0x81 && $0.inData == [1, 0, 0, 0, 0, 0] }, occurrence: 10,
              expected: .protocolViolation(containing: "unknown image-ready reply 0xfe")),
        .init(name: "stall on the chunk request of the image frame", fault: .fail(.stall(endpoint: 0x01)),
              target: { !$0.isIn && $0.outData == VFS7552DriverTests.chunkRequest }, occurrence: 66,
              expected: .exactly(.transferStall(device: device, endpoint: 0x01))),
        .init(name: "timeout on a chunk", fault: .fail(.timeout(endpoint: 0x81)), target: TargetedFault.read(0x81, length: 4806), occurrence: 30,
              expected: .exactly(.transferTimeout(device: device, endpoint: 0x81))),
        .init(name: "unplugged mid-frame", fault: .fail(.noDevice), target: TargetedFault.read(0x81, length: 4806), occurrence: 67,
              expected: .exactly(.deviceDisconnected(device: device))),
    ]

    @Test("a fault ends the capture with the right error; the same actor re-initialises and captures", arguments: faults)
    func faultThenRecovery(_ targeted: TargetedFault) async throws {
        let image = try await targeted.run(VFS7552Driver.self, transfers: try Self.transfers(), location: Self.location)
        #expect(image.pixels == (try RecordedSessions.expectedImage("vfs7552")).pixels)
    }

    @Test("the standard registry makes a VFS7552 from its USB ID")
    func registry() throws {
        let driver = try #require(DriverRegistry.standard.usbDriver(for: USBID(vendorID: 0x138a, productID: 0x0091)))
        #expect(driver.name == "vfs7552")
    }
}
