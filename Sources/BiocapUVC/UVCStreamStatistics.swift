import BiocapDeviceKit

/// Counters of one stream: what was delivered and what was dropped, by cause.
public struct UVCStreamStatistics: Sendable, Hashable, CustomStringConvertible {
    public var framesDelivered = 0
    /// Frames with the ERR bit, a bad header or a failed packet.
    public var droppedError = 0
    /// Frames shorter (or, uncompressed, other) than expected, or not starting like a JPEG.
    public var droppedShort = 0
    /// Frames larger than the negotiated maximum.
    public var droppedOverflow = 0
    /// Failed isochronous packets or bulk transfers, and payloads with an invalid header.
    public var packetErrors = 0

    public init() {}

    public var framesDropped: Int { droppedError + droppedShort + droppedOverflow }

    public var description: String {
        "\(framesDelivered) delivered, \(framesDropped) dropped (error \(droppedError), short \(droppedShort), overflow \(droppedOverflow)), \(packetErrors) packet errors"
    }
}
