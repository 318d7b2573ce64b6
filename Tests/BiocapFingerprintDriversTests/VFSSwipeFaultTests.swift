import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Testing

/// Faults injected into the VFS5011 and VFS0050 recordings: each ends the capture with the right error, and the
/// same actor re-initialises and captures libfprint's image.
@Suite("VFS5011 and VFS0050 faults")
struct VFSSwipeFaultTests {
    static let device = "usb-test"
    static let vfs5011Location = USBLocation(vendorID: 0x138a, productID: 0x0017, bus: 2, address: 17)
    static let vfs0050Location = USBLocation(vendorID: 0x138a, productID: 0x0050, bus: 1, address: 4)

    static let vfs5011Faults: [TargetedFault] = [
        .init(name: "truncated 00 00 reply", fault: .truncate(count: 1), target: { $0.isIn && $0.endpoint == 0x81 && $0.inData == [0, 0] },
              occurrence: 3, expected: .protocolViolation(containing: "expected 00 00")),
        .init(name: "stall on the capture command", fault: .fail(.stall(endpoint: 0x01)), target: TargetedFault.write(0x04, length: 1),
              expected: .exactly(.transferStall(device: device, endpoint: 0x01))),
        .init(name: "timeout on a capture-preparation reply", fault: .fail(.timeout(endpoint: 0x81)), target: TargetedFault.read(0x81, length: 2_368),
              occurrence: 1, expected: .exactly(.transferTimeout(device: device, endpoint: 0x81))),
        .init(name: "unplugged mid-swipe", fault: .fail(.noDevice), target: TargetedFault.read(0x82, length: 61_440), occurrence: 2,
              expected: .exactly(.deviceDisconnected(device: device))),
    ]

    static let vfs0050Faults: [TargetedFault] = [
        .init(name: "truncated commit reply", fault: .truncate(count: 100), target: TargetedFault.read(0x81, length: 1_106), occurrence: 1,
              expected: .protocolViolation(containing: "truncated commit reply")),
        .init(name: "interrupt after a control packet is not empty", fault: .corrupt(index: 4),
              target: { $0.isIn && $0.endpoint == 0x83 && $0.inData == [0, 0, 0, 0, 0] }, occurrence: 1,
              expected: .protocolViolation(containing: "expected an empty one")),
        .init(name: "stall on turn on", fault: .fail(.stall(endpoint: 0x01)), target: { !$0.isIn && $0.outData.count == 125 }, occurrence: 1,
              expected: .exactly(.transferStall(device: device, endpoint: 0x01))),
        .init(name: "timeout on the stop reply", fault: .fail(.timeout(endpoint: 0x81)), target: TargetedFault.read(0x81, length: 2), occurrence: 2,
              expected: .exactly(.transferTimeout(device: device, endpoint: 0x81))),
        .init(name: "unplugged mid-swipe", fault: .fail(.noDevice), target: { $0.isIn && $0.endpoint == 0x82 && $0.inData.count > 0 }, occurrence: 2,
              expected: .exactly(.deviceDisconnected(device: device))),
    ]

    @Test("vfs5011: a fault ends the capture with the right error; the same actor re-initialises and captures", arguments: vfs5011Faults)
    func vfs5011(_ targeted: TargetedFault) async throws {
        let transfers = try RecordedIoctlReader.read(TestData.recording("libfprint/vfs5011/capture.ioctl"))
        let image = try await targeted.run(VFS5011Driver.self, transfers: transfers, location: Self.vfs5011Location)
        #expect(image.pixels == (try RecordedSessions.expectedImage("vfs5011")).pixels)
    }

    @Test("vfs0050: a fault ends the capture with the right error; the same actor re-initialises and captures", arguments: vfs0050Faults)
    func vfs0050(_ targeted: TargetedFault) async throws {
        let transfers = try RecordedIoctlReader.read(TestData.recording("libfprint/vfs0050/capture.ioctl"))
        let image = try await targeted.run(VFS0050Driver.self, transfers: transfers, location: Self.vfs0050Location)
        #expect(image.pixels == (try RecordedSessions.expectedImage("vfs0050")).pixels)
    }
}
