import BiocapCore

/// Reads and writes binary Netpbm images: PGM (`P5`, 8-bit grey) and PPM (`P6`, 8-bit RGB).
/// Headers may carry `#` comments; 16-bit samples (maxval > 255) are rejected.
public enum NetPBM {
    /// Decodes a `P5` or `P6` file.
    public static func decode(_ bytes: [UInt8]) throws(ImageError) -> CapturedImage {
        var reader = HeaderReader(bytes: bytes)
        let magic = try reader.token()
        guard magic == "P5" || magic == "P6" else { throw .unsupportedFormat("netpbm magic '\(magic)'") }
        let width = try reader.positiveInteger("width")
        let height = try reader.positiveInteger("height")
        let maxValue = try reader.positiveInteger("maxval")
        guard maxValue <= 255 else { throw .unsupportedFormat("16-bit netpbm (maxval \(maxValue))") }
        // Exactly one whitespace byte separates the header from the raster.
        guard reader.offset < bytes.count, HeaderReader.isSpace(bytes[reader.offset]) else {
            throw .malformed("no raster after header")
        }
        let start = reader.offset + 1
        let channels = magic == "P5" ? 1 : 3
        let (count, overflow) = width.multipliedReportingOverflow(by: height * channels)
        guard !overflow, width <= 1 << 16, height <= 1 << 16 else { throw .invalidSize(width: width, height: height) }
        guard bytes.count - start >= count else {
            throw .malformed("raster truncated: expected \(count) bytes, found \(bytes.count - start)")
        }
        var raster = Array(bytes[start..<(start + count)])
        if maxValue != 255 {
            for index in raster.indices { raster[index] = UInt8(min(255, Int(raster[index]) * 255 / maxValue)) }
        }
        if channels == 1 { return .gray(try GrayImage(width: width, height: height, pixels: raster)) }
        return .rgb(try RGBImage(width: width, height: height, pixels: raster))
    }

    /// Decodes a file that must be greyscale (`P5`).
    public static func decodeGray(_ bytes: [UInt8]) throws(ImageError) -> GrayImage {
        guard case .gray(let image) = try decode(bytes) else { throw .unsupportedFormat("expected PGM (P5), got PPM") }
        return image
    }

    /// Encodes a greyscale image as `P5`.
    public static func encode(_ image: GrayImage) -> [UInt8] {
        Array("P5\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    /// Encodes a colour image as `P6`.
    public static func encode(_ image: RGBImage) -> [UInt8] {
        Array("P6\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    /// Encodes either kind: `P5` for grey, `P6` for colour.
    public static func encode(_ image: CapturedImage) -> [UInt8] {
        switch image {
        case .gray(let gray): encode(gray)
        case .rgb(let rgb): encode(rgb)
        }
    }

    private struct HeaderReader {
        let bytes: [UInt8]
        var offset = 0

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0d).contains(byte) }

        mutating func token() throws(ImageError) -> String {
            while offset < bytes.count {
                if Self.isSpace(bytes[offset]) {
                    offset += 1
                } else if bytes[offset] == UInt8(ascii: "#") {
                    while offset < bytes.count, bytes[offset] != 0x0a { offset += 1 }
                } else {
                    break
                }
            }
            let start = offset
            while offset < bytes.count, !Self.isSpace(bytes[offset]), offset - start < 16 { offset += 1 }
            guard offset > start else { throw .malformed("header ends early") }
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }

        mutating func positiveInteger(_ field: String) throws(ImageError) -> Int {
            let text = try token()
            guard let value = Int(text), value > 0 else { throw .malformed("\(field) '\(text)' is not a positive integer") }
            return value
        }
    }
}
