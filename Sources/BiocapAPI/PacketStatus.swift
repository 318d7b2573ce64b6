import Foundation

/// What the queue knows about one stored packet, without its records (`POST /v1/packets`,
/// `GET /v1/queue/packets`, ack and nack answers).
public struct PacketStatus: Codable, Sendable, Hashable {
    /// Where a packet is in the enrolment queue: `pending → leased → done`, or `dead` after too many failures.
    public enum State: String, Codable, Sendable, Hashable, CaseIterable {
        case pending, leased, done, dead
    }

    public var packetID: String
    public var enrolmentID: String
    public var state: State
    /// Failed deliveries so far (nacks and expired leases).
    public var attempts: Int
    public var recordCount: Int
    /// Sum of the record sizes in bytes.
    public var totalBytes: Int
    public var lastError: String?
    public var leaseDeadline: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var doneAt: Date?
    /// True once the packet was delivered and crypto-erased (its data key destroyed): its records and manifest can
    /// no longer be read, and `enrolmentID` is empty. Absent otherwise.
    public var erased: Bool?

    public init(
        packetID: String, enrolmentID: String, state: State, attempts: Int, recordCount: Int, totalBytes: Int,
        lastError: String?, leaseDeadline: Date?, createdAt: Date, updatedAt: Date, doneAt: Date?, erased: Bool? = nil
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
        self.erased = erased
    }
}
