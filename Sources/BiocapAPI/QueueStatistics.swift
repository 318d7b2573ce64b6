import Foundation

/// `GET /v1/queue/stats`.
public struct QueueStatistics: Codable, Sendable, Hashable {
    public var pending: Int
    public var leased: Int
    public var done: Int
    public var dead: Int
    /// Seconds since the oldest pending packet was stored; absent when nothing is pending.
    public var oldestPendingAge: TimeInterval?
    /// Sum of all stored record sizes in bytes.
    public var totalBytes: Int

    public init(pending: Int, leased: Int, done: Int, dead: Int, oldestPendingAge: TimeInterval?, totalBytes: Int) {
        self.pending = pending
        self.leased = leased
        self.done = done
        self.dead = dead
        self.oldestPendingAge = oldestPendingAge
        self.totalBytes = totalBytes
    }

    /// Packets in any state.
    public var total: Int { pending + leased + done + dead }

    /// The count for one state.
    public func count(_ state: PacketStatus.State) -> Int {
        switch state {
        case .pending: pending
        case .leased: leased
        case .done: done
        case .dead: dead
        }
    }
}
