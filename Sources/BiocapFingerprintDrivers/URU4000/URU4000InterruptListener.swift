import BiocapDeviceKit
import Synchronization

/// Keeps one 64-byte read queued on the interrupt endpoint for as long as the sensor is open, as
/// libfprint does: the device reports power-on and finger events whenever they happen, even while
/// the driver is busy with control transfers, and a replay of a recording expects the read to be
/// submitted before the first register access and resubmitted after every report.
///
/// Reports are kept in order until the driver asks for the next one. A failed read ends listening;
/// the failure is then what every later wait returns, until the listener is replaced.
final class URU4000InterruptListener: Sendable {
    /// One report, or why listening ended.
    enum Event: Sendable, Equatable {
        /// The report type (its first two bytes, big-endian).
        case interrupt(UInt16)
        case failed(FingerprintDriverError)
    }

    /// An idle sensor sends nothing for as long as no finger comes; a read that times out is
    /// simply submitted again.
    static let readTimeout: Duration = .seconds(3600)
    /// Reports kept while nobody waits; older ones are dropped beyond this (a sensor left open
    /// and idle must not grow memory, and no wait needs more than the latest few).
    static let keptReports = 32

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Event?, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var reports: [Event] = []
        var failure: FingerprintDriverError?
        var waiter: Waiter?
        var lastWaiterID = 0
        var reader: Task<Void, Never>?
    }

    private let transport: any USBTransport
    private let state = Mutex(State())

    init(transport: any USBTransport) {
        self.transport = transport
    }

    /// Submits the first read; it stays queued until `stop()`.
    func start() {
        let reader = Task { await self.listen() }
        state.withLock { $0.reader = reader }
    }

    /// Cancels the queued read and waits until it has ended; a waiting `next` returns `nil`.
    func stop() async {
        let (reader, waiter) = state.withLock { state in
            defer { state.reader = nil; state.waiter = nil }
            return (state.reader, state.waiter)
        }
        reader?.cancel()
        await reader?.value
        waiter?.timer?.cancel()
        waiter?.continuation.resume(returning: nil)
    }

    /// The next report or failure, in arrival order; `nil` when `deadline` passes first or the
    /// waiting task is cancelled.
    func next(until deadline: ContinuousClock.Instant) async -> Event? {
        let id = state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Event?, Never>) in
                let ready: Event?? = state.withLock { state in
                    if !state.reports.isEmpty { return .some(state.reports.removeFirst()) }
                    if let failure = state.failure { return .some(.failed(failure)) }
                    if Task.isCancelled || ContinuousClock.now >= deadline { return .some(nil) }
                    state.waiter = Waiter(id: id, continuation: continuation)
                    return nil
                }
                if let ready {
                    continuation.resume(returning: ready)
                    return
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    self?.resolve(waiter: id, with: nil)
                }
                let alreadyResolved = state.withLock { state in
                    guard state.waiter?.id == id else { return true }
                    state.waiter?.timer = timer
                    return false
                }
                if alreadyResolved { timer.cancel() }
            }
        } onCancel: {
            resolve(waiter: id, with: nil)
        }
    }

    // MARK: Reading

    private func listen() async {
        while !Task.isCancelled {
            let event: Event
            do {
                let report = try await transport.interruptRead(
                    endpoint: URU4000WireFormat.interruptEndpoint, length: URU4000WireFormat.interruptLength, timeout: Self.readTimeout)
                // libfprint treats a short report as an error, not as a report.
                guard report.count == URU4000WireFormat.interruptLength else {
                    event = .failed(.protocolViolation("short interrupt report: \(report.count) of \(URU4000WireFormat.interruptLength) bytes"))
                    deliver(event)
                    return
                }
                event = .interrupt(UInt16(report[0]) << 8 | UInt16(report[1]))
            } catch {
                switch error {
                case .timeout: continue
                case .cancelled: return
                default:
                    deliver(.failed(.transfer(error)))
                    return
                }
            }
            deliver(event)
        }
    }

    private func deliver(_ event: Event) {
        let waiter: Waiter? = state.withLock { state in
            if case .failed(let failure) = event { state.failure = failure }
            guard let waiter = state.waiter else {
                if case .interrupt = event {
                    state.reports.append(event)
                    if state.reports.count > Self.keptReports { state.reports.removeFirst() }
                }
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(returning: event)
    }

    private func resolve(waiter id: Int, with event: Event?) {
        let waiter: Waiter? = state.withLock { state in
            guard state.waiter?.id == id else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(returning: event)
    }
}
