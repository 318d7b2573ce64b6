import BiocapCore
import BiocapImaging

/// JPEG 2000 through OpenJPEG: lossless and 0.75 bpp encode and decode time and size per finger and per slap.
enum JPEG2000Bench {
    static func run(_ inputs: FormatsBenchInputs) throws -> [String: Any] {
        var result: [String: Any] = [:]
        for (name, compression) in [("lossless", JPEG2000Codec.Compression.lossless), ("rate_0_75", .rate(bitsPerPixel: 0.75))] {
            result[name] = [
                "finger": try measure(inputs.fingers.map(\.image), compression: compression, inputs: inputs),
                "slap": try measure([inputs.slap], compression: compression, inputs: inputs),
            ]
        }
        return result
    }

    /// Median per image of encoding and decoding every image, and the total compression ratio.
    private static func measure(_ images: [GrayImage], compression: JPEG2000Codec.Compression, inputs: FormatsBenchInputs)
        throws -> [String: Any] {
        var encoded: [[UInt8]] = []
        let encodeMs = try inputs.medianMilliseconds {
            encoded = try images.map { image throws(ImageError) in try JPEG2000Codec.encode(.gray(image), compression: compression) }
        }
        let decodeMs = try inputs.medianMilliseconds {
            for bytes in encoded { _ = try JPEG2000Codec.decode(bytes) }
        }
        let raw = images.reduce(0) { $0 + $1.pixels.count }
        let packed = encoded.reduce(0) { $0 + $1.count }
        return [
            "encode_ms": encodeMs / Double(images.count), "decode_ms": decodeMs / Double(images.count),
            "bytes": packed / images.count, "ratio": Double(raw) / Double(max(packed, 1)),
        ]
    }
}
