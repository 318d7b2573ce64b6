import Foundation

/// A consumer's claim on one packet (`POST /v1/queue/lease`): ack or nack it with `token` before `deadline`.
public struct PacketLease: Codable, Sendable, Hashable {
    public var packetID: String
    public var token: UUID
    public var deadline: Date
    /// Failed deliveries before this lease.
    public var attempts: Int

    public init(packetID: String, token: UUID, deadline: Date, attempts: Int) {
        self.packetID = packetID
        self.token = token
        self.deadline = deadline
        self.attempts = attempts
    }
}
