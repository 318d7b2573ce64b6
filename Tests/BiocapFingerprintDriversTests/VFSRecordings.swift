import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Testing

/// The Validity recordings (umockdev `.ioctl` trees, replayed by searching on from the last match as
/// umockdev does), and the call numbers of chosen transfers in a clean replay, for fault injection.
enum VFSRecordings {
    static let vfs301Location = USBLocation(vendorID: 0x138a, productID: 0x0005, bus: 2, address: 5)

    static func vfs301() throws -> [RecordedUSBTransfer] {
        try RecordedIoctlReader.read(TestData.recording("libfprint/vfs301/capture.ioctl"))
    }

    /// Replays one capture cleanly and returns, for each call the driver made, the recorded transfer it used.
    static func cleanCalls<Driver: FingerprintSensorDriver>(
        _ driver: Driver.Type, transfers: [RecordedUSBTransfer], location: USBLocation
    ) async throws -> [RecordedUSBTransfer] {
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        let device = USBFingerprintDevice<Driver>(id: "usb-test", location: location, transport: transport)
        try await device.open()
        _ = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        await device.close()
        return transport.used.map { transfers[$0] }
    }
}

/// A fault aimed at the `occurrence`-th call (from 0) whose recorded transfer satisfies `target`.
struct TargetedFault: Sendable, CustomTestStringConvertible {
    var name: String
    var fault: RecordedUSBTransport.Fault
    var target: @Sendable (RecordedUSBTransfer) -> Bool
    var occurrence = 0
    var expected: RecordedFaultCase.Expected

    var testDescription: String { name }

    /// The fault case at the call it aims at in `calls` (a clean replay's transfers, one per call).
    func resolved(in calls: [RecordedUSBTransfer]) -> RecordedFaultCase? {
        let matching = calls.indices.filter { target(calls[$0]) }
        guard occurrence < matching.count else { return nil }
        return RecordedFaultCase(name: name, fault: fault, call: matching[occurrence], expected: expected)
    }

    /// `RecordedFaultCase.run` with the waits this suite needs on a loaded machine (60 s for what comes
    /// at once): the fault's error, then a capture on the same actor, whose image is returned.
    func run<Driver: FingerprintSensorDriver>(
        _ driver: Driver.Type, transfers: [RecordedUSBTransfer], location: USBLocation
    ) async throws -> GrayImage {
        let calls = try await VFSRecordings.cleanCalls(driver, transfers: transfers, location: location)
        let fault = try #require(resolved(in: calls), "no call matches \(name)")
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        transport.inject(fault.fault, atCall: fault.call)
        let device = USBFingerprintDevice<Driver>(id: "usb-test", location: location, transport: transport)
        // A fault in the initialisation fails `open`; the device is then opened again.
        var error: BiocapError?
        do { try await device.open() } catch let failure { error = failure }
        let failedOpen = error != nil
        if !failedOpen { error = await RecordedSessions.firstFrameError(device, timeout: .seconds(60)) }
        #expect(fault.accepts(error), "\(name): got \(error.map { "\($0)" } ?? "a frame")")
        if failedOpen { try await device.open() }
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        await device.close()
        #expect(transport.mismatches == [])
        return try #require(frame.views.first?.image.gray)
    }

    static func read(_ endpoint: UInt8, length: Int) -> @Sendable (RecordedUSBTransfer) -> Bool {
        { $0.isIn && $0.endpoint == endpoint && $0.requestedLength == length }
    }

    static func write(_ first: UInt8, length: Int) -> @Sendable (RecordedUSBTransfer) -> Bool {
        { !$0.isIn && $0.outData.first == first && $0.outData.count == length }
    }
}
