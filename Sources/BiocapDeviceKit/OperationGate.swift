import Synchronization

/// Lets one operation at a time run on a device actor across its suspension points (an actor alone
/// would interleave a `close()` with a capture that awaits a transfer). Waiters are served in order, and
/// a waiter whose task is cancelled stops waiting at once with `CancellationError`, without taking the gate.
///
/// Call from any task; `enter` suspends, `leave` never does.
public final class OperationGate: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var held = false
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Waits for the gate and takes it. Every successful `enter` must be matched by one `leave`.
    /// - Throws: `CancellationError` when the task is cancelled before the gate is its (the gate is not taken).
    public func enter() async throws {
        guard let ticket = takeOrQueue() else { return }
        try await withTaskCancellationHandler {
            try await wait(ticket, cancellable: true)
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == ticket }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits for the gate whether or not the task is cancelled (for `close()`, which must not be skipped).
    public func enterUncancellably() async {
        guard let ticket = takeOrQueue() else { return }
        // Without a cancellation handler nothing resumes this waiter but `leave()`, which never throws.
        try? await wait(ticket, cancellable: false)
    }

    /// Takes a free gate (nil) or returns the ticket to wait with.
    private func takeOrQueue() -> UInt64? {
        state.withLock { state -> UInt64? in
            guard state.held else {
                state.held = true
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
    }

    private func wait(_ ticket: UInt64, cancellable: Bool) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let cancelled = state.withLock { state -> Bool in
                if cancellable, Task.isCancelled { return true }
                state.waiters.append(Waiter(id: ticket, continuation: continuation))
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
        }
    }

    /// Hands the gate to the next waiter, or frees it.
    public func leave() {
        let next = state.withLock { state -> Waiter? in
            guard !state.waiters.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }

    /// Waiters queued right now (diagnostics and tests).
    public var waiting: Int { state.withLock { $0.waiters.count } }
}
