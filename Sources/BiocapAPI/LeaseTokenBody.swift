import Foundation

/// The body of `POST /v1/queue/packets/{id}/ack` and `…/nack`: the lease being settled, and for a nack why.
public struct LeaseTokenBody: Codable, Sendable, Hashable {
    public var leaseToken: UUID
    public var reason: String?

    public init(leaseToken: UUID, reason: String? = nil) {
        self.leaseToken = leaseToken
        self.reason = reason
    }
}
