import Synchronization

/// Connections open on the SBI port, so a flood is refused instead of exhausting file descriptors.
final class ConnectionCount: Sendable {
    private let count = Mutex(0)

    /// Counts one more connection unless `limit` are open already.
    func enter(limit: Int) -> Bool {
        count.withLock { open in
            guard open < limit else { return false }
            open += 1
            return true
        }
    }

    func leave() { count.withLock { $0 -= 1 } }
}
