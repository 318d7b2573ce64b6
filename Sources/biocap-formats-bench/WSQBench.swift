import BiocapCore
import BiocapImaging

/// WSQ at the FBI's 0.75 bpp: encode and decode time and size per finger and per slap (NBIS through PyPI `wsq` is
/// the baseline, `nbis_wsq` in `scripts/bench_formats_baseline.py`).
enum WSQBench {
    static let bitRate = 0.75

    static func run(_ inputs: FormatsBenchInputs) throws -> [String: Any] {
        [
            "finger": try measure(inputs.fingers.map(\.image), inputs: inputs),
            "slap": try measure([inputs.slap], inputs: inputs),
        ]
    }

    /// Median per image of encoding and decoding every image, and the total compression ratio.
    private static func measure(_ images: [GrayImage], inputs: FormatsBenchInputs) throws -> [String: Any] {
        var encoded: [[UInt8]] = []
        let encodeMs = try inputs.medianMilliseconds {
            encoded = try images.map { image throws(ImageError) in try WSQCodec.encode(image, bitRate: bitRate) }
        }
        let decodeMs = try inputs.medianMilliseconds {
            for bytes in encoded { _ = try WSQCodec.decode(bytes) }
        }
        let raw = images.reduce(0) { $0 + $1.pixels.count }
        let packed = encoded.reduce(0) { $0 + $1.count }
        return [
            "encode_ms": encodeMs / Double(images.count), "decode_ms": decodeMs / Double(images.count),
            "bytes": packed / images.count, "ratio": Double(raw) / Double(max(packed, 1)),
        ]
    }
}
