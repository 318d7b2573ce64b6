import Synchronization

/// One live frame stream of a simulated device. It is marked ended from whatever thread the stream
/// ends on (the consumer dropping its iterator, cancellation, `close()`), so the device is free again
/// as soon as the consumer stops iterating, without waiting for a hop back onto the device actor.
final class StreamLease: Sendable {
    private let ended = Mutex(false)

    var isEnded: Bool { ended.withLock { $0 } }

    /// Marks the stream ended. Idempotent.
    func end() { ended.withLock { $0 = true } }
}
