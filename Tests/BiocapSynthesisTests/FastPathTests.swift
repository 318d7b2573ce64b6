import BiocapCore
@testable import BiocapSynthesis
import BiocapTestSupport
import Testing

/// The simulator's per-pixel fast paths (whole-plane noise, pointer samplers, fixed-point zoom, the
/// one-pass fingerprint render) must give what the plain definitions give.
@Suite struct FastPathTests {
    @Test func noisePlaneAndSamplerMatchPointwiseNoise() {
        let noise = ValueNoise(seed: 42, cell: 7, octaves: 3)
        let plane = noise.plane(width: 90, height: 70, gain: 2, bias: 1)
        let sampler = noise.sampler()
        var worstPlane = 0.0, worstSampler = 0.0
        for y in 0..<70 {
            for x in 0..<90 {
                let reference = noise.value(Double(x), Double(y))
                worstPlane = max(worstPlane, abs(Double(plane[y * 90 + x]) - (2 * reference + 1)))
                worstSampler = max(worstSampler, abs(sampler.value(Double(x) + 0.3, Double(y) - 0.6) - noise.value(Double(x) + 0.3, Double(y) - 0.6)))
            }
        }
        #expect(worstPlane < 1e-4, "plane differs by \(worstPlane)")
        #expect(worstSampler < 1e-9, "sampler differs by \(worstSampler)")
        #expect(Set(plane.map { ($0 * 100).rounded() }).count > 50, "the plane varies")
    }

    @Test func zoomAtUnitScaleIsAShiftAndBlurAveragesItsWindow() {
        let (width, height) = (40, 30)
        let pixels = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ ($0 / 7)) }
        let zoomed = SimulatedImageOps.zoom(pixels, width: width, height: height, channels: 3, scaleX: 1, scaleY: 1, shiftX: 3, shiftY: -2, fill: [1, 2, 3])
        let shifted = SimulatedImageOps.shift(pixels, width: width, height: height, channels: 3, dx: 3, dy: -2, fill: [1, 2, 3])
        // Inside, both move content by (3, -2); at the borders zoom leaves the last row/column it cannot interpolate.
        for y in 1..<(height - 3) {
            for x in 4..<(width - 1) {
                for c in 0..<3 { #expect(zoomed[(y * width + x) * 3 + c] == shifted[(y * width + x) * 3 + c]) }
            }
        }
        #expect(Array(shifted[0..<3]) == [1, 2, 3] && Array(zoomed[0..<3]) == [1, 2, 3])
        let grey = (0..<(width * height)).map { UInt8(($0 % width) * 5) }
        let blurred = SimulatedImageOps.boxBlur(grey, width: width, height: height, radiusX: 2, radiusY: 1)
        // A horizontal ramp stays a ramp under a box blur away from the edges.
        #expect(blurred[10 * width + 20] == grey[10 * width + 20])
        #expect(blurred[10 * width] < grey[10 * width + 2])
    }

    @Test func blurWindowMeanIsExactDivision() {
        // Every window sum for windows up to 101 pixels; for wider ones, up to past the 4,096 where the reciprocal
        // gives way to division, each quotient's first and last dividend, where a rounding error would show.
        for window in 1...101 {
            let mean = SimulatedImageOps.WindowMean(window: window)
            for sum in 0...(255 * window) where Int(mean(sum)) != sum / window {
                Issue.record("window \(window): \(sum) gave \(mean(sum))")
                return
            }
        }
        for window in stride(from: 102, through: 4200, by: 7) {
            let mean = SimulatedImageOps.WindowMean(window: window)
            for quotient in 0...255 {
                for sum in [quotient * window, quotient * window + window - 1] where Int(mean(sum)) != sum / window {
                    Issue.record("window \(window): \(sum) gave \(mean(sum))")
                    return
                }
            }
        }
    }

    @Test func oneRenderPassGivesLookupPlusNoiseAndAbsentContactOnlyNoise() {
        let planes = FingerprintSynthesizer.fingertip(seed: 8, width: 120, height: 150)
        let renderer = FingerprintRenderer(planes: planes, seed: 8)
        let settled = renderer.render(FingerContact(coverage: 1, contrast: 1, shiftX: 2, shiftY: -3, motionBlur: 0), frameIndex: 4)
        let again = renderer.render(FingerContact(coverage: 1, contrast: 1, shiftX: 2, shiftY: -3, motionBlur: 0), frameIndex: 4)
        #expect(settled == again)
        let empty = renderer.render(.absent, frameIndex: 4)
        let background = Int(renderer.background)
        #expect(empty.pixels.allSatisfy { abs(Int($0) - background) <= 15 })
        // Noise is per frame: the empty platen differs between frames, but only by noise.
        let nextEmpty = renderer.render(.absent, frameIndex: 5)
        #expect(empty != nextEmpty)
        // The shifted-in strip (top 0 rows here; left 2 columns) is background plus noise, not ridges.
        let strip = (0..<150).map { Int(settled.pixels[$0 * 120]) }
        #expect(strip.allSatisfy { abs($0 - background) <= 15 })
        let centre = ImageMeasures.gradientEnergy(settled, x0: 30, y0: 40, x1: 90, y1: 110)
        #expect(centre > 10, "ridges in the middle: \(centre)")
    }

    @Test func slapIsTheSameWhetherItsFingertipsWereCachedOrNot() {
        let fresh = FingerprintSynthesizer.slap(seed: 4242, slap: .plainThumbs, present: [.rightThumb, .leftThumb])
        let cached = FingerprintSynthesizer.slap(seed: 4242, slap: .plainThumbs, present: [.rightThumb, .leftThumb])
        #expect(fresh == cached)
        let oneThumb = FingerprintSynthesizer.slap(seed: 4242, slap: .plainThumbs, present: [.rightThumb])
        #expect(oneThumb.depth.filter { $0 > 0 }.count < fresh.depth.filter { $0 > 0 }.count * 6 / 10)
    }
}
