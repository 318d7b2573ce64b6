import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Testing

@Suite("Per-frame gate metrics")
struct GateMetricsTests {
    /// The same four figures computed the plain way, pixel by pixel.
    static func reference(_ image: GrayImage) -> GateMetrics {
        var sum = 0.0, squares = 0.0, saturated = 0.0, gradient = 0.0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let value = Double(image[x, y])
                sum += value
                squares += value * value
                if value == 0 || value == 255 { saturated += 1 }
                if x + 1 < image.width { gradient += abs(Double(image[x + 1, y]) - value) }
                if y + 1 < image.height { gradient += abs(Double(image[x, y + 1]) - value) }
            }
        }
        let count = Double(image.width * image.height)
        let mean = sum / count
        return GateMetrics(mean: mean, contrast: (squares / count - mean * mean).squareRoot(),
                           saturation: saturated / count, sharpness: gradient / count)
    }

    static func expectClose(_ ours: GateMetrics, _ expected: GateMetrics) {
        #expect(abs(ours.mean - expected.mean) < 1e-9)
        #expect(abs(ours.contrast - expected.contrast) < 1e-6)
        #expect(abs(ours.saturation - expected.saturation) < 1e-12)
        #expect(abs(ours.sharpness - expected.sharpness) < 1e-9)
    }

    @Test("The SIMD pass matches a pixel-by-pixel computation on real images of odd sizes")
    func matchesReference() throws {
        for file in ["fingerprints/fvc2000-db2/101_1.pgm", "iris/casia1/001_1_1.pgm"] {
            let image = try NetPBM.decodeGray(try TestData.bytes(file))
            let ours = GateMetrics.measure(image)
            print("gate: \(file) \(ours)")
            Self.expectClose(ours, Self.reference(image))
        }
        // Widths around the 16-pixel vector width, with clipped pixels at both ends.
        for width in [1, 15, 16, 17, 33, 300] {
            var image = GrayImage(width: width, height: 7, fill: 100)
            for index in image.pixels.indices { image.pixels[index] = UInt8((index * 37) % 256) }
            image.pixels[0] = 0
            image.pixels[image.pixels.count - 1] = 255
            Self.expectClose(GateMetrics.measure(image), Self.reference(image))
        }
    }

    @Test("Blur lowers sharpness; a blown-out frame shows saturation")
    func respondsToDegradation() throws {
        let image = try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db3/101_1.pgm"))
        let sharp = GateMetrics.measure(image)
        let blurred = GateMetrics.measure(ImageTransforms.blurred(image, radius: 2))
        #expect(blurred.sharpness < sharp.sharpness * 0.6)
        var blown = image
        for index in blown.pixels.indices { blown.pixels[index] = UInt8(min(255, Int(blown.pixels[index]) * 2)) }
        #expect(GateMetrics.measure(blown).saturation > sharp.saturation + 0.2)
    }
}
