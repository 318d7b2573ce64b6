import BiocapDeviceKit
@testable import BiocapFingerprintDrivers
import Synchronization

/// A register-level stand-in for a U.are.U sensor, for the power-up branches no recording in
/// `shared/` takes: it answers hardware-status reads from a script, hands out a challenge, and reports
/// "scan power on" when told to. Every register access is logged (`R07`, `W07=81`, `W2000=…`).
final class URU4000ScriptedSensor: USBTransport {
    private struct State {
        var statusAnswers: [UInt8]
        var log: [String] = []
        var reports: [UInt16] = []
    }

    private let state: Mutex<State>
    /// Answered at register 0x2010.
    let challenge: [UInt8]
    /// Whether a hardware-status write that leaves low power makes the sensor report "scan power on".
    let reportsPowerOn: Bool

    /// `statusAnswers`: successive hardware-status reads (the last one repeats).
    init(statusAnswers: [UInt8], challenge: [UInt8] = [], reportsPowerOn: Bool = true) {
        state = Mutex(State(statusAnswers: statusAnswers))
        self.challenge = challenge
        self.reportsPowerOn = reportsPowerOn
    }

    var log: [String] { state.withLock { $0.log } }

    func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        state.withLock { state in
            state.log.append("W\(Self.hex(value))=" + data.map(Self.hex).joined())
            if reportsPowerOn, value == URU4000WireFormat.Register.hardwareStatus, let written = data.first, written & 0x80 == 0 {
                state.reports.append(URU4000WireFormat.Interrupt.scanPowerOn)
            }
        }
        return data.count
    }

    func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        state.withLock { state in
            state.log.append("R\(Self.hex(value))")
            switch value {
            case URU4000WireFormat.Register.hardwareStatus:
                let answer = state.statusAnswers.first ?? 0
                if state.statusAnswers.count > 1 { state.statusAnswers.removeFirst() }
                return [answer]
            case URU4000WireFormat.Register.challenge:
                return challenge
            default:
                return [UInt8](repeating: 0, count: length)
            }
        }
    }

    func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        while true {
            if let report = state.withLock({ $0.reports.isEmpty ? nil : $0.reports.removeFirst() }) {
                return [UInt8(report >> 8), UInt8(report & 0xff)] + [UInt8](repeating: 0, count: length - 2)
            }
            do { try await Task.sleep(for: .milliseconds(1)) } catch { throw .cancelled }
        }
    }

    func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .notSupported("bulk") }
    func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .notSupported("bulk") }
    func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .notSupported("interrupt OUT") }
    func configurationDescriptor() async throws(USBTransferError) -> [UInt8] { throw .notSupported("descriptor") }
    func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError) {}
    func releaseInterface(_ number: Int) async throws(USBTransferError) {}
    func setAlternateSetting(interface: Int, setting: Int) async throws(USBTransferError) { throw .notSupported("alternate setting") }
    func startStream(endpoint: UInt8, mode: USBStreamMode, transfersInFlight: Int,
                     handler: @escaping @Sendable (USBStreamEvent) -> Void) async throws(USBTransferError) -> any USBStream {
        throw .notSupported("streaming")
    }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 2 - digits.count)) + digits
    }

    static func hex(_ value: UInt8) -> String { hex(UInt16(value)) }
}
