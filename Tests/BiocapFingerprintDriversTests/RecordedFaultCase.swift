import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Foundation
import Testing

/// One injected fault and the error the capture must end with.
struct RecordedFaultCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        case protocolViolation(containing: String)
        case exactly(BiocapError)
        case captureTimeout
    }

    var name: String
    var fault: RecordedUSBTransport.Fault
    var call: Int
    var expected: Expected

    var testDescription: String { name }

    /// Whether `error` is the expected one.
    func accepts(_ error: BiocapError?) -> Bool {
        switch (expected, error) {
        case (.protocolViolation(let text), .protocolViolation(_, let reason)?): text.isEmpty || reason.contains(text)
        case (.exactly(let wanted), let error?): error == wanted
        case (.captureTimeout, .timedOut?): true
        default: false
        }
    }

    /// Runs a capture with the fault injected, checks its error, then captures again on the same
    /// actor and returns that image (the caller compares it with libfprint's).
    func run<Driver: FingerprintSensorDriver>(
        _ driver: Driver.Type, transfers: [RecordedUSBTransfer], location: USBLocation
    ) async throws -> GrayImage {
        let transport = RecordedUSBTransport(transfers, mode: .searchFromLast)
        transport.inject(fault, atCall: call)
        let device = USBFingerprintDevice<Driver>(id: "usb-test", location: location, transport: transport)
        try await device.open()
        let error = await RecordedSessions.firstFrameError(device, timeout: .seconds(60))
        #expect(accepts(error), "\(name): got \(error.map { "\($0)" } ?? "a frame")")
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        await device.close()
        #expect(transport.mismatches == [])
        return try #require(frame.views.first?.image.gray)
    }
}
