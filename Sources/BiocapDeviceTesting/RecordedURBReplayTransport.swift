import BiocapCore
import BiocapDeviceKit
import Foundation
import Synchronization

/// A `USBTransport` that replays a usbmon capture event by event, the way umockdev replays a pcap:
/// every call is an URB in flight; walking the recording, a submission (`S`) is matched with an URB in
/// flight that has the same type, endpoint, length, setup packet and OUT bytes (in any order), and a
/// completion (`C`/`E`) answers the URB it was matched with. The walk stops at a submission no URB in
/// flight matches, until one is submitted.
///
/// Unlike `RecordedUSBTransport`, a driver may keep transfers queued while it issues others (an
/// interrupt read waiting while register writes go on), so the replay keeps the recorded
/// interleaving. An URB that never matches fails with `.timeout` after its own timeout, and what the
/// walk was waiting for is logged in `mismatches`. Faults are injected by recorded submission.
public final class RecordedURBReplayTransport: USBTransport {
    public typealias Fault = RecordedUSBTransport.Fault

    private struct Request {
        var kind: RecordedUSBTransfer.Kind
        var endpoint: UInt8
        var setup: RecordedUSBTransfer.Setup?
        var length: Int
        var out: [UInt8]?

        func matches(_ event: RecordedPcapReader.Event) -> Bool {
            guard event.type == UInt8(ascii: "S"), event.transferType == kind.usbmonType else { return false }
            if let setup {
                guard event.hasSetup, RecordedUSBTransfer.Setup(event.setup) == setup else { return false }
            } else if event.endpoint != endpoint || event.length != length {
                return false
            }
            if let out { return event.data == out }
            return true
        }

        var description: String {
            let what = setup.map { "control 0x\(String($0.requestType, radix: 16))/0x\(String($0.request, radix: 16)) value 0x\(String($0.value, radix: 16))" }
                ?? "\(kind) ep 0x\(String(endpoint, radix: 16))"
            return "\(what) \(out == nil ? "IN" : "OUT") len \(length)"
        }
    }

    private struct InFlight {
        var number: Int
        var request: Request
        var continuation: CheckedContinuation<Result<[UInt8], USBTransferError>, Never>
        /// The recorded submission this URB was matched with (index into `events`).
        var submission: Int?
        /// Ends the URB with `.timeout` when its time is up.
        var timer: Task<Void, Never>?

        func finish(_ result: Result<[UInt8], USBTransferError>) -> Completion {
            Completion(continuation: continuation, result: result, timer: timer)
        }
    }

    /// An URB to answer once the lock is released.
    private struct Completion {
        var continuation: CheckedContinuation<Result<[UInt8], USBTransferError>, Never>
        var result: Result<[UInt8], USBTransferError>
        var timer: Task<Void, Never>?

        func resume() {
            timer?.cancel()
            continuation.resume(returning: result)
        }
    }

    private struct State {
        var cursor = 0
        var calls = 0
        var inFlight: [InFlight] = []
        var faults: [Int: Fault] = [:]
        var mismatches: [String] = []
        var matchedSubmissions: [Int] = []
    }

    /// The recording's events of one device, standard control requests (enumeration) left out.
    public let events: [RecordedPcapReader.Event]
    private let state = Mutex(State())

    public init(events: [RecordedPcapReader.Event]) {
        var skipped = Set<UInt64>()
        self.events = events.filter { event in
            if event.type == UInt8(ascii: "S"), event.transferType == 2, event.hasSetup,
               RecordedUSBTransfer.Setup(event.setup).isStandard {
                skipped.insert(event.id)
                return false
            }
            if event.type != UInt8(ascii: "S"), skipped.contains(event.id) {
                skipped.remove(event.id)
                return false
            }
            return true
        }
    }

    /// Reads a pcapng capture of device `device` on bus `bus`.
    public convenience init(pcap url: URL, bus: Int, device: Int) throws {
        self.init(events: try RecordedPcapReader.events(url, bus: bus, device: device))
    }

    /// Answers the URB matched with recorded event `submission` (an index into `events`) with `fault`.
    public func inject(_ fault: Fault, atSubmission submission: Int) {
        state.withLock { $0.faults[submission] = fault }
    }

    /// Starts the recording over, as a device that was unplugged and plugged in again: URBs in flight
    /// end with `.cancelled`.
    public func rewind() {
        let dropped = state.withLock { state in
            defer { state.inFlight = []; state.cursor = 0 }
            return state.inFlight.map { $0.finish(.failure(.cancelled)) }
        }
        for completion in dropped { completion.resume() }
    }

    /// Events walked so far (submissions matched, completions delivered or skipped).
    public var position: Int { state.withLock { $0.cursor } }
    /// Whether the whole recording has been walked.
    public var isFinished: Bool { state.withLock { $0.cursor == events.count } }
    /// Indices of the recorded submissions matched so far, in order.
    public var matchedSubmissions: [Int] { state.withLock { $0.matchedSubmissions } }
    public var mismatches: [String] { state.withLock { $0.mismatches } }
    public var calls: Int { state.withLock { $0.calls } }

    // MARK: USBTransport

    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        let setup = Self.setup(requestType, request, value, index, data.count)
        _ = try await submit(Request(kind: .control, endpoint: 0, setup: setup, length: data.count, out: data), timeout: timeout)
        return data.count
    }

    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        let setup = Self.setup(requestType, request, value, index, length)
        return try await submit(Request(kind: .control, endpoint: 0x80, setup: setup, length: length, out: nil), timeout: timeout)
    }

    public func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        _ = try await submit(Request(kind: .bulk, endpoint: endpoint, setup: nil, length: data.count, out: data), timeout: timeout)
        return data.count
    }

    public func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        try await submit(Request(kind: .bulk, endpoint: endpoint, setup: nil, length: length, out: nil), timeout: timeout)
    }

    public func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        _ = try await submit(Request(kind: .interrupt, endpoint: endpoint, setup: nil, length: data.count, out: data), timeout: timeout)
        return data.count
    }

    public func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        try await submit(Request(kind: .interrupt, endpoint: endpoint, setup: nil, length: length, out: nil), timeout: timeout)
    }

    // MARK: Replay

    private func submit(_ request: Request, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        let number = state.withLock { state in
            defer { state.calls += 1 }
            return state.calls
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<[UInt8], USBTransferError>, Never>) in
                let completions: [Completion] = state.withLock { state in
                    state.inFlight.append(InFlight(number: number, request: request, continuation: continuation))
                    return walk(&state)
                }
                for completion in completions { completion.resume() }
                let timer = Task { [weak self] in
                    do { try await Task.sleep(for: timeout) } catch { return }
                    self?.expire(number, reason: .timeout(endpoint: request.endpoint))
                }
                let stillInFlight = state.withLock { state in
                    guard let index = state.inFlight.firstIndex(where: { $0.number == number }) else { return false }
                    state.inFlight[index].timer = timer
                    return true
                }
                if !stillInFlight { timer.cancel() }
            }
        } onCancel: {
            expire(number, reason: .cancelled)
        }
        return try result.get()
    }

    /// Ends URB `number` if it is still in flight (timed out or cancelled), then walks on.
    private func expire(_ number: Int, reason: USBTransferError) {
        let completions: [Completion] = state.withLock { state in
            guard let index = state.inFlight.firstIndex(where: { $0.number == number }) else { return [] }
            let urb = state.inFlight.remove(at: index)
            if case .timeout = reason {
                let waitingFor = state.cursor < events.count ? describe(events[state.cursor]) : "the end of the recording"
                state.mismatches.append("call \(number): \(urb.request.description) timed out; the replay waits at event \(state.cursor) (\(waitingFor))")
            }
            return [urb.finish(.failure(reason))] + walk(&state)
        }
        for completion in completions { completion.resume() }
    }

    /// Walks the recording as far as the URBs in flight allow; returns the URBs it completed.
    private func walk(_ state: inout State) -> [Completion] {
        var completions: [Completion] = []
        while state.cursor < events.count {
            let event = events[state.cursor]
            if event.type == UInt8(ascii: "S") {
                guard let index = state.inFlight.firstIndex(where: { $0.submission == nil && $0.request.matches(event) }) else { break }
                state.inFlight[index].submission = state.cursor
                state.matchedSubmissions.append(state.cursor)
            } else if let index = state.inFlight.firstIndex(where: { $0.submission.map { events[$0].id } == event.id }) {
                let urb = state.inFlight.remove(at: index)
                let submission = urb.submission ?? 0
                completions.append(urb.finish(answer(event, fault: state.faults.removeValue(forKey: submission))))
            }
            // A completion whose URB is not in flight (cancelled, or the kernel's own) is passed over.
            state.cursor += 1
        }
        return completions
    }

    private func answer(_ completion: RecordedPcapReader.Event, fault: Fault?) -> Result<[UInt8], USBTransferError> {
        if let failure = RecordedUSBTransfer.failure(status: completion.status, endpoint: completion.endpoint) {
            return .failure(failure)
        }
        var data = completion.data
        switch fault {
        case .fail(let error)?: return .failure(error)
        case .truncate(let count)?: data = Array(data.prefix(count))
        case .corrupt(let at)? where at < data.count: data[at] ^= 0xff
        default: break
        }
        return .success(data)
    }

    private func describe(_ event: RecordedPcapReader.Event) -> String {
        let kind = ["isochronous", "interrupt", "control", "bulk"][Int(event.transferType & 3)]
        return "\(Character(UnicodeScalar(event.type))) \(kind) ep 0x\(String(event.endpoint, radix: 16)) len \(event.length)"
    }

    private static func setup(_ requestType: UInt8, _ request: UInt8, _ value: UInt16, _ index: UInt16, _ length: Int) -> RecordedUSBTransfer.Setup {
        var bytes = [requestType, request]
        bytes.append(value, .littleEndian)
        bytes.append(index, .littleEndian)
        bytes.append(UInt16(clamping: length), .littleEndian)
        return RecordedUSBTransfer.Setup(bytes)
    }
}

extension RecordedUSBTransfer.Kind {
    /// usbmon's transfer type number.
    var usbmonType: UInt8 {
        switch self {
        case .isochronous: 0
        case .interrupt: 1
        case .control: 2
        case .bulk: 3
        }
    }
}
