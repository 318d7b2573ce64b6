import BiocapDeviceKit
import Synchronization

/// Shared counters of one stream: written on the transport's event thread by the assembler, read
/// from the camera actor. Also remembers why the stream ended.
public final class UVCStreamCounters: Sendable {
    private let state = Mutex<(statistics: UVCStreamStatistics, end: USBTransferError??)>((UVCStreamStatistics(), nil))

    public init() {}

    public var statistics: UVCStreamStatistics { state.withLock { $0.statistics } }

    /// `nil` while running; `.some(nil)` after a clean stop; `.some(error)` after a failure.
    public var end: USBTransferError?? { state.withLock { $0.end } }

    func update(_ change: (inout UVCStreamStatistics) -> Void) { state.withLock { change(&$0.statistics) } }

    func ended(_ error: USBTransferError?) { state.withLock { $0.end = .some(error) } }
}
