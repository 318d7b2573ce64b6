import BiocapCore
import BiocapRecords

/// A finished capture's result for one position, with its ISO record packed at once, and the records that go with
/// it into a packet (a signature's rendered image beside its time-series record).
public struct CapturedPosition: Sendable, Equatable {
    public var result: CaptureResult
    public var record: PacketRecord
    public var companions: [PacketRecord]

    public init(result: CaptureResult, record: PacketRecord, companions: [PacketRecord] = []) {
        self.result = result
        self.record = record
        self.companions = companions
    }

    /// Bytes of every record held.
    public var recordBytes: Int { record.bytes.count + companions.reduce(0) { $0 + $1.bytes.count } }
}
