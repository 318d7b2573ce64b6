/// One encoded biometric record inside a packet.
public struct PacketRecord: Sendable, Hashable {
    /// Matches `CaptureEntry.recordID`.
    public var id: String
    public var format: RecordFormat
    public var bytes: [UInt8]

    public init(id: String, format: RecordFormat, bytes: [UInt8]) {
        self.id = id
        self.format = format
        self.bytes = bytes
    }
}
