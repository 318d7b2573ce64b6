import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

/// Faults injected into the recorded U.are.U 4500 session: each ends the capture (or the open) with
/// the right error; the recording is then started over, as a device plugged in again, and the same
/// actor re-initialises and captures libfprint's image.
@Suite("U.are.U 4000 family driver faults")
struct URU4000FaultTests {
    static let device = "usb-test"

    /// Where in the recorded session a fault goes.
    enum Target: String, Sendable {
        case powerUpWrite = "the power-up write (hardware status 0x01)"
        case fingerOnReport = "the interrupt read that reports the finger"
        case captureModeWrite = "the capture-mode write (mode 0x20)"
        case imageRead = "the image read"
        case keyRead = "the key read (register 0x34)"

        func submission(in events: [RecordedPcapReader.Event]) -> Int? {
            let register = URU4000WireFormat.Register.self
            return switch self {
            case .powerUpWrite: URU4000Recording.registerAccess(register.hardwareStatus, writing: [0x01], in: events)
            case .fingerOnReport: URU4000Recording.interruptRead(reporting: URU4000WireFormat.Interrupt.fingerOn, in: events)
            case .captureModeWrite: URU4000Recording.registerAccess(register.mode, writing: [URU4000WireFormat.Mode.capture], in: events)
            case .imageRead: URU4000Recording.imageRead(in: events)
            case .keyRead: URU4000Recording.registerAccess(register.scrambleDataKey, in: events)
            }
        }

        /// Faults here end `open`, not the capture.
        var duringOpen: Bool { self == .powerUpWrite }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var fault: RecordedUSBTransport.Fault
        var target: Target
        var expected: RecordedFaultCase.Expected
        var testDescription: String { "\(name) (\(target.rawValue))" }
    }

    static let faults: [Case] = [
        .init(name: "truncated image frame", fault: .truncate(count: 30_000), target: .imageRead,
              expected: .protocolViolation(containing: "image frame does not decode: truncated")),
        .init(name: "frame header announcing more lines than fit", fault: .corrupt(index: 4), target: .imageRead,
              expected: .protocolViolation(containing: "image frame does not decode: header announces")),
        .init(name: "frame shorter than its header", fault: .truncate(count: 10), target: .imageRead,
              expected: .protocolViolation(containing: "shorter than its 64-byte header")),
        .init(name: "short key read", fault: .truncate(count: 2), target: .keyRead,
              expected: .protocolViolation(containing: "register 0x34: read 2 of 4 bytes")),
        .init(name: "short interrupt report", fault: .truncate(count: 1), target: .fingerOnReport,
              expected: .protocolViolation(containing: "short interrupt report")),
        .init(name: "stall on the capture-mode write", fault: .fail(.stall(endpoint: 0x00)), target: .captureModeWrite,
              expected: .exactly(.transferStall(device: device, endpoint: 0x00))),
        .init(name: "stall while powering up", fault: .fail(.stall(endpoint: 0x00)), target: .powerUpWrite,
              expected: .exactly(.transferStall(device: device, endpoint: 0x00))),
        .init(name: "timeout on the image read", fault: .fail(.timeout(endpoint: 0x82)), target: .imageRead,
              expected: .exactly(.transferTimeout(device: device, endpoint: 0x82))),
        .init(name: "unplugged mid-image", fault: .fail(.noDevice), target: .imageRead,
              expected: .exactly(.deviceDisconnected(device: device))),
        .init(name: "unplugged while waiting for the finger", fault: .fail(.noDevice), target: .fingerOnReport,
              expected: .exactly(.deviceDisconnected(device: device))),
    ]

    @Test("a fault gives the right error; after a replug the same actor re-initialises and captures libfprint's image", arguments: faults)
    func faultThenRecovery(_ fault: Case) async throws {
        let transport = try URU4000Recording.transport()
        let submission = try #require(fault.target.submission(in: transport.events))
        transport.inject(fault.fault, atSubmission: submission)
        let device = URU4000Recording.device(transport)

        let failure: BiocapError?
        if fault.target.duringOpen {
            do {
                try await device.open()
                failure = nil
            } catch {
                failure = error
            }
        } else {
            try await device.open()
            // A long timeout: each fault ends the capture at once; only a starved test runner could reach it.
            failure = await RecordedSessions.firstFrameError(device, timeout: .seconds(60))
        }
        let accepted = RecordedFaultCase(name: fault.name, fault: fault.fault, call: 0, expected: fault.expected).accepts(failure)
        #expect(accepted, "\(fault.name): got \(failure.map { "\($0)" } ?? "no error")")
        #expect(transport.mismatches == [], "the driver issued only recorded transfers up to the fault")

        transport.rewind()
        try await device.open()
        let frame = try await RecordedSessions.firstFrame(device, timeout: .seconds(60))
        await device.close()
        #expect(transport.mismatches == [])
        #expect(transport.isFinished)
        let image = try #require(frame.views.first?.image.gray)
        #expect(image.pixels == (try URU4000Recording.expectedImage()).pixels)
    }
}
