/// The answer of `POST /v1/queue/lease`.
public struct LeaseList: Codable, Sendable, Hashable {
    public var leases: [PacketLease]

    public init(leases: [PacketLease]) { self.leases = leases }
}
