import Foundation

/// What the queue knows about one stored packet, without its record bytes.
public struct QueuedPacket: Sendable, Codable, Hashable {
    public var packetID: String
    public var enrolmentID: String
    public var state: PacketState
    /// Failed deliveries so far (nacks and expired leases); an ack does not count.
    public var attempts: Int
    public var recordCount: Int
    /// Sum of the record sizes in bytes.
    public var totalBytes: Int
    /// The reason given with the last nack, or why the last lease ended without an ack.
    public var lastError: String?
    /// The deadline of the current (or last) lease, when leased.
    public var leaseDeadline: Date?
    /// When the packet was enqueued.
    public var createdAt: Date
    /// When the row last changed state.
    public var updatedAt: Date
    /// When the packet was acknowledged.
    public var doneAt: Date?

    public init(
        packetID: String, enrolmentID: String, state: PacketState, attempts: Int, recordCount: Int,
        totalBytes: Int, lastError: String?, leaseDeadline: Date?, createdAt: Date, updatedAt: Date, doneAt: Date?
    ) {
        self.packetID = packetID
        self.enrolmentID = enrolmentID
        self.state = state
        self.attempts = attempts
        self.recordCount = recordCount
        self.totalBytes = totalBytes
        self.lastError = lastError
        self.leaseDeadline = leaseDeadline
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.doneAt = doneAt
    }
}
