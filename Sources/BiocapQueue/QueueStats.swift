import Foundation

/// A snapshot of the queue for health checks and the technician CLI.
public struct QueueStats: Sendable, Codable, Hashable {
    public var pending: Int
    public var leased: Int
    public var done: Int
    public var dead: Int
    /// Seconds since the oldest pending packet was enqueued; `nil` when nothing is pending.
    public var oldestPendingAge: TimeInterval?
    /// Sum of all stored record sizes in bytes (all states).
    public var totalBytes: Int

    /// Packets in any state.
    public var total: Int { pending + leased + done + dead }

    public init(pending: Int, leased: Int, done: Int, dead: Int, oldestPendingAge: TimeInterval?, totalBytes: Int) {
        self.pending = pending
        self.leased = leased
        self.done = done
        self.dead = dead
        self.oldestPendingAge = oldestPendingAge
        self.totalBytes = totalBytes
    }

    /// The count for one state.
    public func count(_ state: PacketState) -> Int {
        switch state {
        case .pending: pending
        case .leased: leased
        case .done: done
        case .dead: dead
        }
    }
}
