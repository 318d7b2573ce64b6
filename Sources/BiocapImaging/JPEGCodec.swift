import BiocapCore

/// One-shot JPEG helpers for code that encodes or decodes now and then (records, CLI). Hot paths
/// (preview, camera streams) keep their own `JPEGEncoder`/`JPEGDecoder` instead.
public enum JPEGCodec {
    /// Encodes grey as single-component JPEG and colour as 4:2:0.
    public static func encode(_ image: CapturedImage, quality: Int = 90) throws(ImageError) -> [UInt8] {
        try JPEGEncoder().encode(image, quality: quality)
    }

    /// Decodes to grey when the JPEG is single-component, else RGB.
    public static func decode(_ jpeg: [UInt8]) throws(ImageError) -> CapturedImage {
        try JPEGDecoder().decode(jpeg)
    }
}
