import BiocapRecords

/// `GET /v1/packets/{id}`: the packet's queue status and its manifest.
public struct PacketDetail: Codable, Sendable, Hashable {
    public var packet: PacketStatus
    public var manifest: PacketManifest

    public init(packet: PacketStatus, manifest: PacketManifest) {
        self.packet = packet
        self.manifest = manifest
    }
}
