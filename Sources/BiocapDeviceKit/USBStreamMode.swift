/// How a continuous stream's transfers move data (UVC cameras use one or the other).
public enum USBStreamMode: Sendable, Equatable {
    /// Bulk IN transfers of `transferSize` bytes each; every completed transfer is one payload.
    case bulk(transferSize: Int)
    /// Isochronous IN transfers of `packetsPerTransfer` packets of at most `packetSize` bytes;
    /// every packet that arrives is one payload.
    case isochronous(packetsPerTransfer: Int, packetSize: Int)
}
