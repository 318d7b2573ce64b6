import BiocapCore
import BiocapRecords

/// A finished capture's result for one position, with its ISO record packed at once.
public struct CapturedPosition: Sendable, Equatable {
    public var result: CaptureResult
    public var record: PacketRecord

    public init(result: CaptureResult, record: PacketRecord) {
        self.result = result
        self.record = record
    }
}
