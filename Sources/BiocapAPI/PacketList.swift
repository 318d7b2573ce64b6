/// `GET /v1/queue/packets`.
public struct PacketList: Codable, Sendable, Hashable {
    public var packets: [PacketStatus]

    public init(packets: [PacketStatus]) { self.packets = packets }
}
