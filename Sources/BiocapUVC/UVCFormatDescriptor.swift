import BiocapDeviceKit

/// One streaming format (bFormatIndex) with its frame sizes.
public struct UVCFormatDescriptor: Sendable, Hashable {
    /// bFormatIndex, 1-based, as used in probe/commit.
    public var index: UInt8
    public var pixelFormat: UVCPixelFormat
    /// bBitsPerPixel for uncompressed and frame-based formats; 0 for MJPEG.
    public var bitsPerPixel: Int
    public var frames: [UVCFrameDescriptor]
    /// The still sizes of this format (VS_STILL_IMAGE_FRAME), when the camera describes any.
    public var stillFrame: UVCStillImageFrame?

    public init(
        index: UInt8, pixelFormat: UVCPixelFormat, bitsPerPixel: Int, frames: [UVCFrameDescriptor], stillFrame: UVCStillImageFrame? = nil
    ) {
        self.index = index
        self.pixelFormat = pixelFormat
        self.bitsPerPixel = bitsPerPixel
        self.frames = frames
        self.stillFrame = stillFrame
    }

    /// The size in bytes of one uncompressed still of `width`×`height`, `nil` for compressed formats.
    public func uncompressedSize(width: Int, height: Int) -> Int? {
        guard pixelFormat.isUncompressed else { return nil }
        let bits = bitsPerPixel > 0 ? bitsPerPixel : (pixelFormat.bitsPerPixel ?? 0)
        return width * height * bits / 8
    }

    /// The size in bytes of one uncompressed frame of this format, `nil` for compressed formats.
    public func uncompressedSize(of frame: UVCFrameDescriptor) -> Int? {
        guard pixelFormat.isUncompressed else { return nil }
        let bits = bitsPerPixel > 0 ? bitsPerPixel : (pixelFormat.bitsPerPixel ?? 0)
        return frame.width * frame.height * bits / 8
    }
}
