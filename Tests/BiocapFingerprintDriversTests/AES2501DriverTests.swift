import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

@Suite("AES2501 swipe driver: recorded session, faults, wire format")
struct AES2501DriverTests {
    static let device = "usb-test"

    @Test("the recorded swipe gives libfprint's image exactly, every transfer as recorded and in order")
    func recordedSession() async throws {
        let transfers = try SwipeRecordings.aes2501()
        let transport = RecordedUSBTransport(transfers, mode: .sequential)
        let device = USBFingerprintDevice<AES2501Driver>(id: Self.device, location: SwipeRecordings.aes2501Location, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        await device.close()
        #expect(transport.mismatches == [])
        let image = try #require(frame.views.first?.image.gray)
        let expected = try RecordedSessions.expectedImage("aes2501")
        #expect(image.width == 288 && image.height == 118)
        #expect(image.ppi == AES2501Driver.ppi)
        #expect(RecordedSessions.maximumDifference(image, expected) == 0)
    }

    static func faults() throws -> [RecordedFaultCase] {
        let transfers = try SwipeRecordings.aes2501()
        let strip = try #require(SwipeRecordings.firstRead(transfers, endpoint: 0x81, length: AES2501WireFormat.stripLength))
        let histogram = try #require(transfers.indices.first { transfers[$0].isIn && transfers[$0].requestedLength == 20 && $0 > 20 })
        return [
            .init(name: "truncated strip", fault: .truncate(count: 900), call: strip + 4, expected: .protocolViolation(containing: "truncated strip")),
            .init(name: "strip without its histogram", fault: .corrupt(index: 1 + AES2501WireFormat.frameBytes), call: strip,
                  expected: .protocolViolation(containing: "no histogram")),
            .init(name: "stall on a strip read", fault: .fail(.stall(endpoint: 0x81)), call: strip + 2,
                  expected: .exactly(.transferStall(device: device, endpoint: 0x81))),
            .init(name: "timeout on a finger-detection read", fault: .fail(.timeout(endpoint: 0x81)), call: histogram,
                  expected: .exactly(.transferTimeout(device: device, endpoint: 0x81))),
            .init(name: "unplugged mid-strip", fault: .fail(.noDevice), call: strip + 6,
                  expected: .exactly(.deviceDisconnected(device: device))),
        ]
    }

    @Test("a fault ends the stream with the right error; the same actor re-initialises and captures libfprint's image")
    func faultThenRecovery() async throws {
        let expected = try RecordedSessions.expectedImage("aes2501")
        for fault in try Self.faults() {
            let image = try await fault.run(AES2501Driver.self, transfers: SwipeRecordings.aes2501(), location: SwipeRecordings.aes2501Location)
            #expect(RecordedSessions.maximumDifference(image, expected) == 0, "\(fault.name)")
        }
    }

    @Test("register tables go out grouped as libfprint groups them: 16 pairs at most, split at register 0")
    func registerMessages() throws {
        #expect(AES2501Register.messages(AES2501WireFormat.init1).map(\.count) == [2, 32, 32, 8])
        #expect(AES2501Register.messages(AES2501WireFormat.fingerDetection).map(\.count) == [32, 6, 6])
        #expect(AES2501Register.messages([.groupBreak, .groupBreak]) == [])
        let recordedOut = Set(try SwipeRecordings.aes2501().filter { !$0.isIn }.map(\.outData))
        let tables = [AES2501WireFormat.init1, AES2501WireFormat.init2, AES2501WireFormat.init4, AES2501WireFormat.init5,
                      AES2501WireFormat.readRegisters, AES2501WireFormat.fingerDetection, AES2501WireFormat.capture1,
                      AES2501WireFormat.capture2, AES2501WireFormat.stripScan(gain: AES2501WireFormat.maximumGain)]
        for message in tables.flatMap(AES2501Register.messages) {
            #expect(recordedOut.contains(message), "\(message) is not in the recording")
        }
    }

    @Test("the strip gain steps by 8 between 0x28 and 0x58")
    func gain() {
        #expect(AES2501WireFormat.adjustedGain(0x58, sum: 1200) == 0x58)
        #expect(AES2501WireFormat.adjustedGain(0x58, sum: 100) == 0x50)
        #expect(AES2501WireFormat.adjustedGain(0x28, sum: 100) == 0x28)
        #expect(AES2501WireFormat.adjustedGain(0x40, sum: 800) == 0x40)
        #expect(AES2501WireFormat.adjustedGain(0x40, sum: 1001) == 0x48)
    }
}
