import Synchronization

/// Counts the API's open connections against a cap. Shared by every connection's `ConnectionGuard`; safe to
/// call from any event loop.
public final class ConnectionLimiter: Sendable {
    /// The most connections served at once; the next one is refused with 503.
    public let maximum: Int
    private let open = Atomic<Int>(0)

    public init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// Takes a place for a new connection; false when all are taken (nothing is taken then).
    func admit() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = open.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives back the place of a connection `admit()` let in.
    func release() {
        open.subtract(1, ordering: .relaxed)
    }

    /// Connections open now.
    public var count: Int { open.load(ordering: .relaxed) }
}
