import Synchronization

/// Stands in for a capture's timeout in tests: the timeout "passes" once the session has scored a
/// given number of frames, however slowly a loaded machine runs them.
public final class TimeoutGate: Sendable {
    private let state = Mutex<(scored: Int, opened: Bool)>((0, false))
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    /// Call from the session's progress callback; opens the gate at the `count`-th frame.
    public func frameScored(count: Int) {
        let open = state.withLock { state -> Bool in
            state.scored += 1
            guard state.scored >= count, !state.opened else { return false }
            state.opened = true
            return true
        }
        if open { continuation.finish() }
    }

    public func wait() async {
        for await _ in stream {}
    }
}
