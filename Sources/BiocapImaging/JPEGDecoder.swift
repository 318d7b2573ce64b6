import BiocapCore
import CTurboJPEG

/// Decodes JPEG through the TurboJPEG API. Reuses one decompressor handle: keep one per task or
/// actor; not thread-safe. Corrupt data is an error, never a crash or a process exit.
public final class JPEGDecoder {
    /// Images larger than this many pixels are refused (a lying header must not allocate gigabytes).
    public static let maximumPixels = 100_000_000

    private let handle: tjhandle

    /// Fails only when libjpeg-turbo cannot allocate a decompressor.
    public init() throws(ImageError) {
        guard let handle = tjInitDecompress() else { throw .codec("cannot create a JPEG decompressor") }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// The size and whether the image is single-component, read from the header alone.
    public func header(_ jpeg: [UInt8]) throws(ImageError) -> (width: Int, height: Int, isGray: Bool) {
        guard jpeg.count >= 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8 else { throw .unsupportedFormat("not a JPEG (no SOI marker)") }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colourspace: Int32 = 0
        let status = jpeg.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(handle, buffer.baseAddress, UInt(buffer.count), &width, &height, &subsampling, &colourspace)
        }
        guard status == 0 else { throw .malformed("JPEG header: \(TurboJPEGError.message(handle))") }
        guard width > 0, height > 0, Int(width) * Int(height) <= Self.maximumPixels else {
            throw .invalidSize(width: Int(width), height: Int(height))
        }
        return (Int(width), Int(height), colourspace == Int32(TJCS_GRAY.rawValue))
    }

    /// Decodes to greyscale when the JPEG is single-component, else to RGB.
    public func decode(_ jpeg: [UInt8]) throws(ImageError) -> CapturedImage {
        try decode(jpeg, scale: .full)
    }

    /// Decodes at `scale` of the full size (TurboJPEG scales inside the inverse DCT, so 1/2 costs
    /// well under a full decode): greyscale when the JPEG is single-component, else RGB. The size is
    /// `scale.scaled(width)` × `scale.scaled(height)`.
    /// - Throws: `ImageError` when the data is not a JPEG, is corrupt, or `scale` is not one
    ///   libjpeg-turbo offers (`JPEGScalingFactor.supported`).
    public func decode(_ jpeg: [UInt8], scale: JPEGScalingFactor) throws(ImageError) -> CapturedImage {
        guard JPEGScalingFactor.supported.contains(scale) else {
            throw .unsupportedFormat("JPEG scaling factor \(scale) (libjpeg-turbo offers \(JPEGScalingFactor.supported))")
        }
        let (fullWidth, fullHeight, isGray) = try header(jpeg)
        let width = scale.scaled(fullWidth), height = scale.scaled(fullHeight)
        if isGray { return .gray(try GrayImage(width: width, height: height, pixels: try decompress(jpeg, width, height, TJPF_GRAY, 1))) }
        return .rgb(try RGBImage(width: width, height: height, pixels: try decompress(jpeg, width, height, TJPF_RGB, 3)))
    }

    /// Decodes any JPEG to greyscale (luma), e.g. for quality scoring.
    public func decodeGray(_ jpeg: [UInt8]) throws(ImageError) -> GrayImage {
        let (width, height, _) = try header(jpeg)
        return try GrayImage(width: width, height: height, pixels: try decompress(jpeg, width, height, TJPF_GRAY, 1))
    }

    /// Decompresses into `width`×`height`, which must be the full size or a scaled size of it
    /// (TurboJPEG then picks the matching scaling factor).
    private func decompress(
        _ jpeg: [UInt8], _ width: Int, _ height: Int, _ format: TJPF, _ channels: Int
    ) throws(ImageError) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let status = jpeg.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                tjDecompress2(handle, source.baseAddress, UInt(source.count), target.baseAddress, Int32(width),
                              Int32(width * channels), Int32(height), Int32(format.rawValue), 0)
            }
        }
        // A warning (e.g. premature end of data) still yields an image; libjpeg-turbo fills the rest grey.
        if status != 0, tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) {
            throw .malformed("JPEG data: \(TurboJPEGError.message(handle))")
        }
        return pixels
    }
}
