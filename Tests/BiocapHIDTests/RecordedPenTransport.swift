import BiocapDeviceKit
import Synchronization

/// A USB transport that plays a pen tablet from its recorded report descriptor and interrupt-IN reports (the
/// `shared/devices/hid/recordings`, which are HID-level recordings, not USB captures): a configuration with a
/// non-pen HID interface 0 and the tablet's pen interface 1 on endpoint 0x82. Records what the driver asked for.
final class RecordedPenTransport: USBTransport, Sendable {
    struct State {
        var reports: [[UInt8]]
        var claimed: [(Int, Bool)] = []
        var released: [Int] = []
        var controlOuts: [(UInt8, UInt8)] = []
    }

    let descriptors: [UInt8: [UInt8]]
    /// Bytes short of the declared length the descriptor request answers with (a broken device).
    let truncateDescriptorBy: Int
    /// What a read fails with once the reports are played: nil for a timeout (a quiet pen), `.noDevice` for an unplug.
    let afterLastReport: USBTransferError?
    /// Plays the reports again and again (a pen that keeps writing), for tests that must never run out.
    let replay: [[UInt8]]?
    let state: Mutex<State>

    init(otherInterface: [UInt8], penInterface: [UInt8], reports: [[UInt8]], truncateDescriptorBy: Int = 0,
         afterLastReport: USBTransferError? = nil, looping: Bool = false) {
        descriptors = [0: otherInterface, 1: penInterface]
        self.truncateDescriptorBy = truncateDescriptorBy
        self.afterLastReport = afterLastReport
        replay = looping && !reports.isEmpty ? reports : nil
        state = Mutex(State(reports: reports))
    }

    var claimed: [(Int, Bool)] { state.withLock { $0.claimed } }
    var released: [Int] { state.withLock { $0.released } }
    var controlOuts: [(UInt8, UInt8)] { state.withLock { $0.controlOuts } }

    func configurationDescriptor() async throws(USBTransferError) -> [UInt8] {
        func interface(_ number: UInt8, reportLength: Int, endpoint: UInt8) -> [UInt8] {
            [9, 0x04, number, 0, 1, 0x03, 0, 0, 0,
             9, 0x21, 0x11, 0x01, 0, 1, 0x22, UInt8(reportLength & 0xFF), UInt8(reportLength >> 8),
             7, 0x05, endpoint, 0x03, 16, 0, 2]
        }
        let body = interface(0, reportLength: descriptors[0]?.count ?? 0, endpoint: 0x81)
            + interface(1, reportLength: descriptors[1]?.count ?? 0, endpoint: 0x82)
        let total = 9 + body.count
        return [9, 0x02, UInt8(total & 0xFF), UInt8(total >> 8), 2, 1, 0, 0x80, 50] + body
    }

    func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        guard requestType == 0x81, request == 0x06, value == 0x2200, let descriptor = descriptors[UInt8(truncatingIfNeeded: index)] else {
            throw .stall(endpoint: 0)
        }
        return Array(descriptor.prefix(min(length, descriptor.count - truncateDescriptorBy)))
    }

    func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        state.withLock { $0.controlOuts.append((requestType, request)) }
        return 0
    }

    func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        guard endpoint == 0x82 else { throw .stall(endpoint: endpoint) }
        let next = state.withLock { state -> [UInt8]? in
            if state.reports.isEmpty, let replay { state.reports = replay }
            return state.reports.isEmpty ? nil : state.reports.removeFirst()
        }
        guard let next else {
            if let afterLastReport { throw afterLastReport }
            // A quiet pen: the read waits out a little of its timeout, as a real endpoint would.
            try? await Task.sleep(for: min(timeout, .milliseconds(5)))
            throw .timeout(endpoint: endpoint)
        }
        return Array(next.prefix(length))
    }

    func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError) {
        state.withLock { $0.claimed.append((number, detachingKernelDriver)) }
    }

    func releaseInterface(_ number: Int) async throws(USBTransferError) {
        state.withLock { $0.released.append(number) }
    }

    func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .notSupported("bulk") }
    func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .notSupported("bulk") }
    func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .notSupported("out") }
    func setAlternateSetting(interface: Int, setting: Int) async throws(USBTransferError) { throw .notSupported("alternate settings") }
    func startStream(endpoint: UInt8, mode: USBStreamMode, transfersInFlight: Int,
                     handler: @escaping @Sendable (USBStreamEvent) -> Void) async throws(USBTransferError) -> any USBStream {
        throw .notSupported("streams")
    }
}
