import BiocapDeviceKit

/// The stream a probe/commit settled on and how to move it over USB.
public struct UVCNegotiatedMode: Sendable, Equatable {
    public var interfaceNumber: Int
    public var format: UVCFormatDescriptor
    public var frame: UVCFrameDescriptor
    /// The committed block as the camera returned it (with a frame size filled in when it gave 0).
    public var control: UVCStreamingControl
    /// The alternate setting to select before streaming (0 for bulk).
    public var alternateSetting: Int
    public var endpoint: UInt8
    public var streamMode: USBStreamMode
    /// The largest frame the assembler accepts.
    public var maxFrameSize: Int

    /// Frames per second from the committed interval.
    public var framesPerSecond: Double {
        control.frameInterval > 0 ? 10_000_000 / Double(control.frameInterval) : 0
    }

    /// The exact size a complete frame must have (uncompressed formats), else `nil`.
    public var expectedFrameSize: Int? { format.uncompressedSize(of: frame) }

    public var summary: String {
        let rate = (framesPerSecond * 10).rounded() / 10
        let transport: String = switch streamMode {
        case .bulk(let size): "bulk \(size) B"
        case .isochronous(_, let size): "isochronous alt \(alternateSetting), \(size) B/packet"
        }
        return "\(format.pixelFormat) \(frame.width)×\(frame.height) @ \(rate) fps, \(transport), max frame \(maxFrameSize) B"
    }
}
