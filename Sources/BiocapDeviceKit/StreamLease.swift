import Synchronization

/// One live frame stream of a device. It is marked ended from whatever thread the stream ends on (the
/// consumer dropping its iterator, cancellation, `close()`), so the device is free again as soon as the
/// consumer stops iterating, without waiting for a hop back onto the device actor.
public final class StreamLease: Sendable {
    private let ended = Mutex(false)

    public init() {}

    /// Whether the stream has ended; safe to read from any thread.
    public var isEnded: Bool { ended.withLock { $0 } }

    /// Marks the stream ended. Idempotent; callable from any thread.
    public func end() { ended.withLock { $0 = true } }
}
