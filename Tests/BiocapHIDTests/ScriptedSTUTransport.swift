import BiocapDeviceKit
import Synchronization

/// A Wacom STU pad as a script: one HID interface (interrupt IN 0x81), a capability feature report, the pen reports
/// to play, and a record of every feature report the driver sends. After the reports: a timeout, or `afterLast`.
final class ScriptedSTUTransport: USBTransport, Sendable {
    struct State {
        var reports: [[UInt8]]
        var featuresSent: [[UInt8]] = []
        var claimed: [Int] = []
        var released: [Int] = []
    }

    let capability: [UInt8]
    let afterLast: USBTransferError?
    let refusesTimedPenData: Bool
    let state: Mutex<State>

    init(capability: [UInt8], reports: [[UInt8]], afterLast: USBTransferError? = nil, refusesTimedPenData: Bool = false) {
        self.capability = capability
        self.afterLast = afterLast
        self.refusesTimedPenData = refusesTimedPenData
        state = Mutex(State(reports: reports))
    }

    var featuresSent: [[UInt8]] { state.withLock { $0.featuresSent } }
    var released: [Int] { state.withLock { $0.released } }

    func configurationDescriptor() async throws(USBTransferError) -> [UInt8] {
        let body: [UInt8] = [9, 0x04, 0, 0, 1, 0x03, 0, 0, 0,
                             9, 0x21, 0x11, 0x01, 0, 1, 0x22, 0x40, 0x01,
                             7, 0x05, 0x81, 0x03, 64, 0, 2]
        return [9, 0x02, UInt8(9 + body.count), 0, 1, 1, 0, 0x80, 50] + body
    }

    func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        // GET_REPORT (feature) of the capability report only.
        guard requestType == 0xA1, request == 0x01, value == 0x0309, index == 0 else { throw .stall(endpoint: 0) }
        return Array(capability.prefix(length))
    }

    func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        // SET_REPORT (feature); the report id in wValue's low byte is the data's first byte.
        guard requestType == 0x21, request == 0x09, value >> 8 == 0x03, UInt8(value & 0xFF) == data.first else { throw .stall(endpoint: 0) }
        if refusesTimedPenData, data.first == 0x32 { throw .stall(endpoint: 0) }
        state.withLock { $0.featuresSent.append(data) }
        return data.count
    }

    func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        guard endpoint == 0x81 else { throw .stall(endpoint: endpoint) }
        let next = state.withLock { state -> [UInt8]? in state.reports.isEmpty ? nil : state.reports.removeFirst() }
        guard let next else {
            if let afterLast { throw afterLast }
            try? await Task.sleep(for: min(timeout, .milliseconds(5)))
            throw .timeout(endpoint: endpoint)
        }
        return Array(next.prefix(length))
    }

    func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError) {
        state.withLock { $0.claimed.append(number) }
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
