import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation

/// Image comparisons for the WSQ tests.
enum WSQMeasures {
    /// Peak signal-to-noise ratio of `image` against `original`, in dB.
    static func psnr(_ image: GrayImage, _ original: GrayImage) -> Double {
        ImageMeasures.psnr(image, original)
    }

    /// The largest absolute pixel difference, and how many pixels differ at all.
    static func difference(_ a: GrayImage, _ b: GrayImage) -> (largest: Int, differing: Int) {
        ImageMeasures.difference(a, b)
    }

    /// A `width` × `height` crop of `image` from (`x`, `y`).
    static func crop(_ image: GrayImage, x: Int, y: Int, width: Int, height: Int) throws -> GrayImage {
        var pixels: [UInt8] = []
        for row in y..<(y + height) { pixels += image.pixels[(row * image.width + x)..<(row * image.width + x + width)] }
        return try GrayImage(width: width, height: height, pixels: pixels, ppi: image.ppi)
    }

    /// Real 500 ppi fingers of FVC 2000 DB1 and DB3, and crops of odd and small sizes.
    static func fingers() throws -> [(name: String, image: GrayImage)] {
        var result: [(String, GrayImage)] = []
        for file in ["fvc2000-db1/101_1", "fvc2000-db1/105_3", "fvc2000-db1/110_8", "fvc2000-db3/101_1", "fvc2000-db3/104_5", "fvc2000-db3/109_2"] {
            var image = try NetPBM.decodeGray(try TestData.bytes("fingerprints/\(file).pgm"))
            image.ppi = 500
            result.append((file.replacingOccurrences(of: "/", with: "-"), image))
        }
        let large = result[3].1
        result.append(("crop-257x311", try crop(large, x: 90, y: 80, width: 257, height: 311)))
        result.append(("crop-64x64", try crop(result[0].1, x: 118, y: 118, width: 64, height: 64)))
        return result
    }
}
