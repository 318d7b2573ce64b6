import BiocapCore
import BiocapDeviceKit

/// A still probe/commit control block (VS_STILL_PROBE_CONTROL / VS_STILL_COMMIT_CONTROL, UVC 1.5
/// table 4-76): 11 bytes, little-endian.
public struct UVCStillControl: Sendable, Hashable {
    /// The block's length on the wire.
    public static let length = 11

    public private(set) var bytes: [UInt8]

    /// A block of zeros.
    public init() { bytes = [UInt8](repeating: 0, count: Self.length) }

    /// The block as read from the camera, padded with zeros or cut to 11 bytes.
    public init(bytes: [UInt8]) {
        self.bytes = Array(bytes.prefix(Self.length)) + [UInt8](repeating: 0, count: max(0, Self.length - bytes.count))
    }

    public init(formatIndex: UInt8, frameIndex: UInt8, compressionIndex: UInt8) {
        self.init()
        self.formatIndex = formatIndex
        self.frameIndex = frameIndex
        self.compressionIndex = compressionIndex
    }

    public var formatIndex: UInt8 {
        get { bytes[0] }
        set { bytes[0] = newValue }
    }
    /// The 1-based still size index in the format's still image frame descriptor.
    public var frameIndex: UInt8 {
        get { bytes[1] }
        set { bytes[1] = newValue }
    }
    public var compressionIndex: UInt8 {
        get { bytes[2] }
        set { bytes[2] = newValue }
    }
    public var maxVideoFrameSize: UInt32 {
        get { read(3) }
        set { write(3, newValue) }
    }
    public var maxPayloadTransferSize: UInt32 {
        get { read(7) }
        set { write(7, newValue) }
    }

    private func read(_ offset: Int) -> UInt32 {
        bytes.integer(at: offset, .littleEndian) ?? 0
    }

    private mutating func write(_ offset: Int, _ value: UInt32) {
        bytes.set(value, at: offset, .littleEndian)
    }
}
