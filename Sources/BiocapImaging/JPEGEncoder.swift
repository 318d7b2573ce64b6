import BiocapCore
import CTurboJPEG

/// Encodes images to baseline JPEG through the TurboJPEG API (which reports errors instead of
/// exiting the process). Reuses one compressor handle: keep one per task or actor; not thread-safe.
public final class JPEGEncoder {
    private let handle: tjhandle

    /// Fails only when libjpeg-turbo cannot allocate a compressor.
    public init() throws(ImageError) {
        guard let handle = tjInitCompress() else { throw .codec("cannot create a JPEG compressor") }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// Encodes a greyscale image (single-component JPEG). `quality` is 1–100.
    public func encode(_ image: GrayImage, quality: Int = 90) throws(ImageError) -> [UInt8] {
        try compress(image.pixels, width: image.width, height: image.height, pitch: image.width,
                     pixelFormat: TJPF_GRAY, subsampling: TJSAMP_GRAY, quality: quality)
    }

    /// Encodes a colour image (YCbCr 4:2:0). `quality` is 1–100.
    public func encode(_ image: RGBImage, quality: Int = 90) throws(ImageError) -> [UInt8] {
        try compress(image.pixels, width: image.width, height: image.height, pitch: image.width * 3,
                     pixelFormat: TJPF_RGB, subsampling: TJSAMP_420, quality: quality)
    }

    /// Encodes either kind of image.
    public func encode(_ image: CapturedImage, quality: Int = 90) throws(ImageError) -> [UInt8] {
        switch image {
        case .gray(let gray): try encode(gray, quality: quality)
        case .rgb(let rgb): try encode(rgb, quality: quality)
        }
    }

    private func compress(
        _ pixels: [UInt8], width: Int, height: Int, pitch: Int, pixelFormat: TJPF, subsampling: TJSAMP, quality: Int
    ) throws(ImageError) -> [UInt8] {
        guard width <= 65_500, height <= 65_500 else { throw .invalidSize(width: width, height: height) }
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = pixels.withUnsafeBufferPointer { source in
            tjCompress2(handle, source.baseAddress, Int32(width), Int32(pitch), Int32(height),
                        Int32(pixelFormat.rawValue), &output, &size, Int32(subsampling.rawValue),
                        Int32(min(100, max(1, quality))), 0)
        }
        defer { if let output { tjFree(output) } }
        guard status == 0, let output else { throw .codec(TurboJPEGError.message(handle)) }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
