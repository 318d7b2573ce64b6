/// A finished enrolment hand-off: the manifest plus every record it names. Stored whole or not at all.
public struct CapturePacket: Sendable, Hashable {
    public var manifest: PacketManifest
    public var records: [PacketRecord]

    public init(manifest: PacketManifest, records: [PacketRecord]) {
        self.manifest = manifest
        self.records = records
    }
}
