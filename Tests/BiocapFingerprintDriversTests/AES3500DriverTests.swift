import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

@Suite("AES3500 driver faults and wire format")
struct AES3500DriverTests {
    static let device = "usb-test"
    /// Calls 0–12 are the register writes of `open()`, call 13 the image read.
    static let imageRead = 13

    static let faults: [RecordedFaultCase] = [
        .init(name: "truncated image read", fault: .truncate(count: 5000), call: imageRead, expected: .protocolViolation(containing: "truncated image read")),
        .init(name: "corrupt frame header", fault: .corrupt(index: 3 * 1025), call: imageRead, expected: .protocolViolation(containing: "frame 3 header")),
        .init(name: "stall on image read", fault: .fail(.stall(endpoint: 0x81)), call: imageRead, expected: .exactly(.transferStall(device: device, endpoint: 0x81))),
        .init(name: "no finger until the deadline", fault: .fail(.timeout(endpoint: 0x81)), call: imageRead, expected: .captureTimeout),
        .init(name: "unplugged during the read", fault: .fail(.noDevice), call: imageRead, expected: .exactly(.deviceDisconnected(device: device))),
    ]

    @Test("a fault ends the stream with the right error; the same actor re-initialises and captures", arguments: faults)
    func faultThenRecovery(_ fault: RecordedFaultCase) async throws {
        let image = try await fault.run(AES3500Driver.self, transfers: RecordedSessions.aes3500(), location: RecordedSessions.aes3500Location)
        let difference = RecordedSessions.maximumDifference(image, try RecordedSessions.expectedImage("aes3500"))
        #expect(difference == 0)
    }

    @Test("a failing register write during open is a transfer error and leaves the device closed")
    func openFails() async throws {
        let transport = RecordedUSBTransport(try RecordedSessions.aes3500(), mode: .searchFromLast)
        transport.inject(.fail(.stall(endpoint: 0x02)), atCall: 4)
        let device = USBFingerprintDevice<AES3500Driver>(id: Self.device, location: RecordedSessions.aes3500Location, transport: transport)
        await #expect(throws: BiocapError.transferStall(device: Self.device, endpoint: 0x02)) { try await device.open() }
        await #expect(throws: BiocapError.deviceNotOpen(device: Self.device)) { try await device.frames(for: RecordedSessions.request()) }
        try await device.open()
        _ = try await RecordedSessions.firstFrame(device)
    }

    @Test("the register writes are libfprint's grouping: at most 16 pairs, split where the table splits")
    func registerMessages() throws {
        let messages = AES3500WireFormat.initialisationMessages
        #expect(messages.count == 13)
        #expect(messages.allSatisfy { $0.count % 2 == 0 && $0.count <= 32 })
        #expect(messages.first == [0x80, 0x01])
        #expect(messages[8].count == 32 && messages[9].count == 32)
        #expect(Array(messages.suffix(3)) == [[0x80, 0x00, 0x81, 0x00], [0x81, 0x04], [0x81, 0x00]])
        let recordedOut = Set(try RecordedSessions.aes3500().filter { !$0.isIn }.map(\.outData))
        #expect(Set(messages) == recordedOut)
    }

    @Test("upscaling a flat native image gives flat interior and darkened (then inverted) borders")
    func upscaleEdges() throws {
        let native = try GrayImage(width: 128, height: 128, pixels: [UInt8](repeating: 136, count: 128 * 128))
        let image = AES3500WireFormat.libfprintImage(fromNative: native)
        #expect(image.width == 256 && image.height == 256)
        #expect(image[100, 100] == 255 - 136)
        #expect(image[0, 100] == 255 - 102, "a quarter of the outermost tap is outside the sensor")
        #expect(image[0, 0] == UInt8(255 - 136 * 9 / 16), "pixman truncates the weighted sum")
    }
}
