import BiocapCore
import BiocapDeviceKit

/// A video probe/commit control block (UVC 1.5 table 4-75), kept as the raw bytes the camera sent so
/// fields biocap does not touch go back to the camera unchanged. 26 bytes for UVC 1.0, 34 for 1.1,
/// 48 for 1.5; fields past the block's end read as 0 and are not written.
public struct UVCStreamingControl: Sendable, Hashable {
    public private(set) var bytes: [UInt8]

    /// A block of `length` bytes, all zero.
    public init(length: Int) { bytes = [UInt8](repeating: 0, count: length) }

    /// The block as read from the camera, padded or cut to `length`.
    public init(bytes: [UInt8], length: Int) {
        self.bytes = Array(bytes.prefix(length)) + [UInt8](repeating: 0, count: max(0, length - bytes.count))
    }

    public var hint: UInt16 {
        get { UInt16(read(0, 2)) }
        set { write(0, 2, UInt32(newValue)) }
    }
    public var formatIndex: UInt8 {
        get { UInt8(read(2, 1)) }
        set { write(2, 1, UInt32(newValue)) }
    }
    public var frameIndex: UInt8 {
        get { UInt8(read(3, 1)) }
        set { write(3, 1, UInt32(newValue)) }
    }
    /// In 100 ns units.
    public var frameInterval: UInt32 {
        get { read(4, 4) }
        set { write(4, 4, newValue) }
    }
    public var compressionQuality: UInt16 {
        get { UInt16(read(12, 2)) }
        set { write(12, 2, UInt32(newValue)) }
    }
    public var maxVideoFrameSize: UInt32 {
        get { read(18, 4) }
        set { write(18, 4, newValue) }
    }
    public var maxPayloadTransferSize: UInt32 {
        get { read(22, 4) }
        set { write(22, 4, newValue) }
    }
    /// dwClockFrequency (UVC 1.1+), the PTS/SCR clock in Hz.
    public var clockFrequency: UInt32 {
        get { read(26, 4) }
        set { write(26, 4, newValue) }
    }
    /// bmFramingInfo (UVC 1.1+): bit 0 FID required, bit 1 EOF may be present.
    public var framingInfo: UInt8 {
        get { UInt8(read(30, 1)) }
        set { write(30, 1, UInt32(newValue)) }
    }

    private func read(_ offset: Int, _ size: Int) -> UInt32 {
        bytes.integer(at: offset, size: size, .littleEndian) ?? 0
    }

    private mutating func write(_ offset: Int, _ size: Int, _ value: UInt32) {
        bytes.set(value, at: offset, size: size, .littleEndian)
    }
}
