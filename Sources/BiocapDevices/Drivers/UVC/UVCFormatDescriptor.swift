/// One streaming format (bFormatIndex) with its frame sizes.
public struct UVCFormatDescriptor: Sendable, Hashable {
    /// bFormatIndex, 1-based, as used in probe/commit.
    public var index: UInt8
    public var pixelFormat: UVCPixelFormat
    /// bBitsPerPixel for uncompressed and frame-based formats; 0 for MJPEG.
    public var bitsPerPixel: Int
    public var frames: [UVCFrameDescriptor]

    public init(index: UInt8, pixelFormat: UVCPixelFormat, bitsPerPixel: Int, frames: [UVCFrameDescriptor]) {
        self.index = index
        self.pixelFormat = pixelFormat
        self.bitsPerPixel = bitsPerPixel
        self.frames = frames
    }

    /// The size in bytes of one uncompressed frame of this format, `nil` for compressed formats.
    public func uncompressedSize(of frame: UVCFrameDescriptor) -> Int? {
        guard pixelFormat.isUncompressed else { return nil }
        let bits = bitsPerPixel > 0 ? bitsPerPixel : (pixelFormat.bitsPerPixel ?? 0)
        return frame.width * frame.height * bits / 8
    }
}
