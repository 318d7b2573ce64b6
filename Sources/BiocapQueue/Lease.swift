import Foundation

/// A consumer's temporary claim on one packet: ack or nack it with `token` before `deadline`.
public struct Lease: Sendable, Codable, Hashable {
    public var packetID: String
    /// Proves this consumer holds the current lease; a later lease on the same packet gets a new token.
    public var token: UUID
    /// After this instant the lease is void and the packet is handed out again (counting a failed attempt).
    public var deadline: Date
    /// Failed deliveries before this lease (0 on the first lease).
    public var attempts: Int

    public init(packetID: String, token: UUID, deadline: Date, attempts: Int) {
        self.packetID = packetID
        self.token = token
        self.deadline = deadline
        self.attempts = attempts
    }
}
