import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

@Suite("Elan swipe driver: recorded session, faults, frame processing")
struct ElanDriverTests {
    static let device = "usb-test"

    @Test("the annotated recording (comments, blank lines, a cancelled pre-scan) gives libfprint's image exactly")
    func recordedSession() async throws {
        let transfers = try SwipeRecordings.elan()
        #expect(transfers.contains { $0.failure == .cancelled }, "the recording ends the swipe with a cancelled URB")
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let device = USBFingerprintDevice<ElanDriver>(id: Self.device, location: SwipeRecordings.elanLocation, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        await device.close()
        #expect(transport.mismatches == [])
        let image = try #require(frame.views.first?.image.gray)
        #expect(image.width == 216 && image.height == 235)
        #expect(RecordedSessions.maximumDifference(image, try RecordedSessions.expectedImage("elan")) == 0)
    }

    static func faults() throws -> [RecordedFaultCase] {
        let transfers = try SwipeRecordings.elan()
        let frames = transfers.indices.filter { transfers[$0].isIn && transfers[$0].endpoint == ElanCommand.imageEndpoint }
        // Frames 0 and 1 are the two calibration backgrounds; the swipe's frames follow.
        let swipeFrame = try #require(frames.dropFirst(4).first)
        let statusRead = try #require(transfers.indices.first { transfers[$0].isIn && transfers[$0].requestedLength == 1 })
        return [
            .init(name: "truncated frame", fault: .truncate(count: 1000), call: swipeFrame, expected: .protocolViolation(containing: "truncated frame")),
            .init(name: "stall on a frame read", fault: .fail(.stall(endpoint: 0x82)), call: swipeFrame,
                  expected: .exactly(.transferStall(device: device, endpoint: 0x82))),
            .init(name: "timeout on a calibration status read", fault: .fail(.timeout(endpoint: 0x83)), call: statusRead,
                  expected: .exactly(.transferTimeout(device: device, endpoint: 0x83))),
            .init(name: "unplugged mid-frame", fault: .fail(.noDevice), call: swipeFrame,
                  expected: .exactly(.deviceDisconnected(device: device))),
        ]
    }

    @Test("a fault ends the stream with the right error; the same actor re-initialises and captures libfprint's image")
    func faultThenRecovery() async throws {
        let expected = try RecordedSessions.expectedImage("elan")
        for fault in try Self.faults() {
            let image = try await fault.run(ElanDriver.self, transfers: SwipeRecordings.elan(), location: SwipeRecordings.elanLocation)
            #expect(RecordedSessions.maximumDifference(image, expected) == 0, "\(fault.name)")
        }
    }

    @Test("sensor size: rotated by default, not on the 0c03; zero-based sizes corrected; height cropped to 50")
    func layout() throws {
        let rotated = try ElanFrameLayout(dimensions: [0x40, 0x00, 0x90, 0x00], quirks: [])
        #expect(rotated.frameWidth == 144 && rotated.rawFrameHeight == 64 && rotated.frameHeight == 50 && rotated.rotated)
        #expect(rotated.rawFrameBytes == 18432)
        let upright = try ElanFrameLayout(dimensions: [0x5f, 0x00, 0x5f, 0x00], quirks: .elan0c03)
        #expect(upright.frameWidth == 96 && upright.rawFrameHeight == 96 && upright.frameHeight == 50 && !upright.rotated)
        #expect(throws: FingerprintDriverError.self) { try ElanFrameLayout(dimensions: [0, 0], quirks: []) }
        #expect(throws: FingerprintDriverError.self) { try rotated.frame(fromRaw: [0, 1, 2]) }
        #expect(ElanIDTable.quirks(for: USBID(vendorID: 0x04f3, productID: 0x0c42)) == .elan0c42)
        #expect(ElanIDTable.models.count == 61)
    }

    @Test("grey levels: thirds map 30 % / 35 % / 35 % of values to 0–99 / 99–155 / 155–255; flat frames are errors")
    func stretch() throws {
        let raw: [UInt16] = (0..<100).map { UInt16($0 * 10) }
        let thirds = ElanWireFormat.stretchThirds(raw)
        #expect(thirds[0] == 0 && thirds[30] == 99 && thirds[65] == 155 && thirds[99] == 255)
        #expect(try ElanWireFormat.stretchLinear(raw)[99] == 255)
        #expect(throws: FingerprintDriverError.self) { try ElanWireFormat.stretchLinear([5, 5, 5]) }
        #expect(ElanWireFormat.subtractBackground([5, 5], [9, 9]) == nil, "darker than the background everywhere")
        #expect(ElanWireFormat.subtractBackground([12, 5], [9, 9]) == [3, 0])
        #expect(try ElanWireFormat.needsCalibration(meanReply: [0x21, 0x06], background: [UInt16](repeating: 8000, count: 4), quirks: []) == false)
        #expect(try ElanWireFormat.needsCalibration(meanReply: [0x21, 0x06], background: [UInt16](repeating: 9000, count: 4), quirks: []))
    }
}
