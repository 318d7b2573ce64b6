import BiocapDeviceKit
import Foundation
import Synchronization

/// A `USBTransport` that answers from recorded transfers, checking every request against them
/// (transfer type, endpoint, exact length, OUT bytes and setup packet).
///
/// - `.sequential`: each call must be the next recorded transfer (umockdev's pcap replay).
/// - `.searchFromLast`: each call takes the first matching transfer after the last one used,
///   wrapping around (umockdev's ioctl replay), so a session may repeat recorded steps.
///
/// A mismatch throws `.io` (what umockdev answers) and is logged in `mismatches`. Faults can be
/// injected by call number (0-based, counting every transfer call) to test error paths.
public final class RecordedUSBTransport: USBTransport {
    public enum Mode: Sendable { case sequential, searchFromLast }

    public enum Fault: Sendable, Equatable {
        /// The transfer fails with this error.
        case fail(USBTransferError)
        /// An IN transfer delivers only its first `count` bytes.
        case truncate(count: Int)
        /// Byte `index` of the IN data is flipped (all bits).
        case corrupt(index: Int)
    }

    private struct State {
        var cursor = -1
        var calls = 0
        var used: [Int] = []
        var mismatches: [String] = []
        var faults: [Int: Fault] = [:]
    }

    public let transfers: [RecordedUSBTransfer]
    public let mode: Mode
    private let state = Mutex(State())

    public init(_ transfers: [RecordedUSBTransfer], mode: Mode) {
        self.transfers = transfers
        self.mode = mode
    }

    /// Injects `fault` into the transfer call number `call` (0-based, from the transport's creation).
    public func inject(_ fault: Fault, atCall call: Int) {
        state.withLock { $0.faults[call] = fault }
    }

    /// Recorded transfer indices in the order they were used.
    public var used: [Int] { state.withLock { $0.used } }
    public var mismatches: [String] { state.withLock { $0.mismatches } }
    public var calls: Int { state.withLock { $0.calls } }
    /// Recorded transfers not used yet (sequential mode).
    public var remaining: Int { state.withLock { transfers.count - 1 - $0.cursor } }

    // MARK: USBTransport

    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        let request = Request(kind: .control, endpoint: 0, setup: (requestType, request, value, index), length: data.count, out: data)
        _ = try replay(request)
        return data.count
    }

    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        try replay(Request(kind: .control, endpoint: 0, setup: (requestType, request, value, index), length: length, out: nil))
    }

    public func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        _ = try replay(Request(kind: .bulk, endpoint: endpoint, setup: nil, length: data.count, out: data))
        return data.count
    }

    public func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        try replay(Request(kind: .bulk, endpoint: endpoint, setup: nil, length: length, out: nil))
    }

    public func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        _ = try replay(Request(kind: .interrupt, endpoint: endpoint, setup: nil, length: data.count, out: data))
        return data.count
    }

    public func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        try replay(Request(kind: .interrupt, endpoint: endpoint, setup: nil, length: length, out: nil))
    }

    // MARK: Matching

    private struct Request {
        var kind: RecordedUSBTransfer.Kind
        var endpoint: UInt8
        var setup: (requestType: UInt8, request: UInt8, value: UInt16, index: UInt16)?
        var length: Int
        /// `nil` for IN.
        var out: [UInt8]?

        func matches(_ transfer: RecordedUSBTransfer) -> Bool {
            guard transfer.kind == kind, transfer.requestedLength == length else { return false }
            if let setup {
                guard let recorded = transfer.setup, recorded.requestType == setup.requestType, recorded.request == setup.request,
                      recorded.value == setup.value, recorded.index == setup.index else { return false }
            } else if transfer.endpoint != endpoint {
                return false
            }
            if let out { return !transfer.isIn && transfer.outData == out }
            return transfer.isIn
        }

        var description: String {
            let what = setup.map { "control 0x\(String($0.requestType, radix: 16))/0x\(String($0.request, radix: 16))" }
                ?? "\(kind) ep 0x\(String(endpoint, radix: 16))"
            let data = out.map { " [" + $0.prefix(12).map { String(format: "%02x", $0) }.joined() + "…]" } ?? ""
            return "\(what) \(out == nil ? "IN" : "OUT") len \(length)\(data)"
        }
    }

    private func replay(_ request: Request) throws(USBTransferError) -> [UInt8] {
        let outcome: Result<[UInt8], USBTransferError> = state.withLock { state in
            let call = state.calls
            state.calls += 1
            guard let index = find(request, after: state.cursor) else {
                let expected = mode == .sequential && state.cursor + 1 < transfers.count ? ", expected \(transfers[state.cursor + 1])" : ""
                state.mismatches.append("call \(call): no recorded transfer for \(request.description)\(expected)")
                return .failure(.io("no recorded transfer matches \(request.description)"))
            }
            state.cursor = index
            state.used.append(index)
            let recorded = transfers[index]
            if let failure = recorded.failure { return .failure(failure) }
            var data = recorded.inData
            switch state.faults.removeValue(forKey: call) {
            case .fail(let error)?: return .failure(error)
            case .truncate(let count)?: data = Array(data.prefix(count))
            case .corrupt(let at)? where at < data.count: data[at] ^= 0xff
            default: break
            }
            return .success(data)
        }
        return try outcome.get()
    }

    private func find(_ request: Request, after cursor: Int) -> Int? {
        guard !transfers.isEmpty else { return nil }
        switch mode {
        case .sequential:
            let next = cursor + 1
            return next < transfers.count && request.matches(transfers[next]) ? next : nil
        case .searchFromLast:
            for step in 1...transfers.count {
                let index = (cursor + step) % transfers.count
                if request.matches(transfers[index]) { return index }
            }
            return nil
        }
    }
}
