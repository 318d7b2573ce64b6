import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
import BiocapDevices
@testable import BiocapFingerprintDrivers
import Testing

/// The VFS301 against libfprint's recording: libfprint's image exactly, and faults injected into it.
@Suite("VFS301 driver")
struct VFS301DriverTests {
    static let device = "usb-test"

    @Test("the recorded session replays and gives capture.pgm exactly (200×214 from 875 scan lines)")
    func recordedSession() async throws {
        let transfers = try VFSRecordings.vfs301()
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let device = USBFingerprintDevice<VFS301Driver>(id: "usb-2-5", location: VFSRecordings.vfs301Location, transport: transport)
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        #expect(await device.driverState.lastScanLineCount == 875)
        await device.close()

        #expect(transport.mismatches == [])
        let image = try #require(frame.views.first?.image.gray)
        let expected = try RecordedSessions.expectedImage("vfs301")
        #expect(image.width == 200 && image.height == 214)
        #expect(image.pixels == expected.pixels)
        #expect(image.ppi == 500)
    }

    @Test("the messages built in code are the recorded ones; the recorded ones decode to their lengths")
    func messages() throws {
        let sent = try VFSRecordings.vfs301().filter { !$0.isIn }.map(\.outData)
        let format = VFS301WireFormat.self
        #expect(sent.contains(format.message0B(subtype: 0x04)))
        #expect(sent.contains(format.message0B(subtype: 0x05)))
        let recorded = [format.setup1, format.setup2, format.setup3, format.setup4, format.scanSetup1, format.scanSetup2,
                        format.scanSetup3, format.calibrationEnd, format.lightOn, format.nextScan] + format.calibration.map(\.message)
        #expect(recorded.map(\.count) == [2401, 1905, 785, 3057, 2247, 2587, 2591, 57, 119, 2615, 2737, 2529, 2542, 2768, 2638, 2651, 570])
        for message in recorded { #expect(sent.contains(message)) }
    }

    @Test("line selection keeps a line only when its mean difference from the last kept one exceeds 15")
    func lineSelection() throws {
        var assembler = VFS301LineAssembler()
        func line(_ value: UInt8) -> [UInt8] { [0x01, 0xfe, 0, 0, 8, 8, 8, 0] + [UInt8](repeating: value, count: 200) + [UInt8](repeating: 0, count: 80) }
        // A first block starting mid-line: 5 stray bytes are skipped.
        assembler.add(block: [9, 9, 9, 9, 9] + line(100) + line(115) + line(116) + line(140) + Array(line(0).prefix(100)), first: true)
        #expect(assembler.lines.count == 4)
        #expect(assembler.selectedLines().map { $0[0] } == [100, 116, 140])
        let image = try assembler.image(ppi: 500)
        #expect(image.height == 3 && image[0, 0] == 255 - 140 && image[0, 2] == 255 - 100)
        #expect(throws: FingerprintDriverError.self) { try VFS301LineAssembler().image(ppi: 500) }
    }

    static let faults: [TargetedFault] = [
        .init(name: "truncated version reply", fault: .truncate(count: 10), target: TargetedFault.read(0x81, length: 38),
              expected: .protocolViolation(containing: "truncated reply to 0x1")),
        .init(name: "truncated calibration data", fault: .truncate(count: 1000), target: TargetedFault.read(0x82, length: 53_248),
              expected: .protocolViolation(containing: "truncated data reply")),
        .init(name: "truncated first swipe block (no lines)", fault: .truncate(count: 1000), target: TargetedFault.read(0x82, length: 84_032),
              expected: .protocolViolation(containing: "no scan lines")),
        .init(name: "unknown event reply", fault: .corrupt(index: 2), target: TargetedFault.read(0x81, length: 7), occurrence: 1,
              expected: .protocolViolation(containing: "unknown event reply")),
        .init(name: "stall on the next-scan request", fault: .fail(.stall(endpoint: 0x01)), target: TargetedFault.write(0x02, length: 2615),
              expected: .exactly(.transferStall(device: device, endpoint: 0x01))),
        .init(name: "timeout on a swipe block", fault: .fail(.timeout(endpoint: 0x82)), target: TargetedFault.read(0x82, length: 84_096),
              expected: .exactly(.transferTimeout(device: device, endpoint: 0x82))),
        .init(name: "unplugged mid-swipe", fault: .fail(.noDevice), target: TargetedFault.read(0x82, length: 84_096), occurrence: 1,
              expected: .exactly(.deviceDisconnected(device: device))),
    ]

    @Test("a fault ends the capture with the right error; the same actor re-initialises and captures", arguments: faults)
    func faultThenRecovery(_ targeted: TargetedFault) async throws {
        let image = try await targeted.run(VFS301Driver.self, transfers: try VFSRecordings.vfs301(), location: VFSRecordings.vfs301Location)
        #expect(image.pixels == (try RecordedSessions.expectedImage("vfs301")).pixels)
    }

    @Test("the standard registry makes a VFS301 or VFS300 from its USB ID")
    func registry() async throws {
        for id in [USBID(vendorID: 0x138a, productID: 0x0005), USBID(vendorID: 0x138a, productID: 0x0008)] {
            let driver = try #require(DriverRegistry.standard.usbDriver(for: id))
            #expect(driver.name == "vfs301")
        }
    }
}
