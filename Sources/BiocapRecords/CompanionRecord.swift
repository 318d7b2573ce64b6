/// A record that goes with a capture's main record into a packet: a signature's rendered image beside its ISO/IEC
/// 19794-7 time series. Described in the manifest like the main record.
public struct CompanionRecord: Sendable, Codable, Hashable {
    /// The record's id in the packet (`PacketRecord.id`), e.g. `signature-image`.
    public var recordID: String
    public var recordFormat: RecordFormat
    /// Lower-case hex SHA-256 of the record bytes.
    public var recordSHA256: String
    public var recordSize: Int

    public init(recordID: String, recordFormat: RecordFormat, recordSHA256: String, recordSize: Int) {
        self.recordID = recordID
        self.recordFormat = recordFormat
        self.recordSHA256 = recordSHA256
        self.recordSize = recordSize
    }

    /// Describes `record` as a companion.
    public init(_ record: PacketRecord) {
        self.init(recordID: record.id, recordFormat: record.format, recordSHA256: record.sha256Hex, recordSize: record.bytes.count)
    }
}
