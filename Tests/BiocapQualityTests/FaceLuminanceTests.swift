import BiocapCore
@testable import BiocapQuality
import Foundation
import Testing

@Suite("Face: luminance, exposure, dynamic range and margins (ISO/IEC 29794-5, as OFIQ measures them)")
struct FaceLuminanceTests {
    @Test("Histogram measures and their 0–100 components follow OFIQ's formulas")
    func formulas() {
        func histogram(_ levels: [Int: Int]) -> [Int] {
            var counts = [Int](repeating: 0, count: 256)
            for (level, n) in levels { counts[level] = n }
            return counts
        }
        let flat = FaceLuminance.measures(of: histogram([120: 500]))
        #expect(abs(flat.mean - 120.0 / 255) < 1e-12 && flat.variance == 0 && flat.entropy == 0)
        // 100 · σ(0.4706; 0.2, 0.05) · (1 − σ(0.4706; 0.8, 0.05)) = 99.42
        #expect(flat.meanComponent == 99 && flat.varianceComponent == 0 && flat.dynamicRangeComponent == 0)
        #expect(flat.underExposureComponent == 100 && flat.overExposureComponent == 100)

        let split = FaceLuminance.measures(of: histogram([0: 300, 255: 300]))
        #expect(abs(split.mean - 0.5) < 1e-12 && abs(split.variance - 0.25) < 1e-12 && abs(split.entropy - 1) < 1e-12)
        #expect(split.darkShare == 0.5 && split.brightShare == 0.5)
        #expect(split.dynamicRangeComponent == 13, "12.5 · 1 bit, rounded half away from zero as C++'s round")
        #expect(split.varianceComponent == 20, "100 · sin(π · 15/16) = 19.5")
        #expect(split.underExposureComponent == 100, "120 · (0.832 − σ(0.5; 0.92, 0.05)) = 99.8")
        #expect(split.overExposureComponent == 2, "1 / (0.5 + 0.01) = 1.96")

        let dark = FaceLuminance.measures(of: histogram([10: 90, 40: 10]))
        #expect(abs(dark.darkShare - 0.9) < 1e-12)
        #expect(dark.underExposureComponent == 52, "120 · (0.832 − σ(0.9; 0.92, 0.05)) = 51.7")
        #expect(FaceLuminance.measures(of: histogram([5: 1])).underExposureComponent == 0, "all dark: 120 · (0.832 − σ(1.6)) ≈ 0")
        let peak = FaceLuminance.Measures(mean: 0.3, variance: 1.0 / 60, darkShare: 0, brightShare: 0, entropy: 8)
        #expect(peak.varianceComponent == 100 && peak.dynamicRangeComponent == 100)
    }

    @Test("Only the ellipse inside the box is read, as linear-light luminance; a grey frame alike")
    func ellipseAndLinearisation() throws {
        let width = 64, height = 48
        // sRGB 188 is linear 0.5029, luminance level 128; the box's corners, outside the ellipse, are black.
        var rgb = [UInt8](repeating: 0, count: width * height * 3), grey = [UInt8](repeating: 0, count: width * height)
        let (x0, y0, x1, y1) = (8, 4, 56, 44)
        for y in y0..<y1 {
            for x in x0..<x1 {
                let dx = (Double(x) + 0.5 - 32) / 24, dy = (Double(y) + 0.5 - 24) / 20
                guard dx * dx + dy * dy < 0.96 else { continue }
                grey[y * width + x] = 188
                for channel in 0..<3 { rgb[(y * width + x) * 3 + channel] = 188 }
            }
        }
        var luminance = FaceLuminance()
        let fromRGB = rgb.withUnsafeBufferPointer { rgb in
            grey.withUnsafeBufferPointer { luma in
                luminance.measure(rgb: rgb, luma: luma, width: width, height: height, x0: x0, y0: y0, x1: x1, y1: y1)
            }
        }
        let fromGrey = grey.withUnsafeBufferPointer { luma in
            luminance.measure(rgb: nil, luma: luma, width: width, height: height, x0: x0, y0: y0, x1: x1, y1: y1)
        }
        let measured = try #require(fromRGB)
        #expect(measured == fromGrey)
        // The ellipse's rim (outside 0.96 of it) is black: a few percent of the pixels.
        #expect(measured.darkShare > 0 && measured.darkShare < 0.1, "\(measured)")
        #expect(abs(measured.mean - (1 - measured.darkShare) * 128 / 255) < 1e-9, "\(measured)")
        // A box wholly outside the frame, or too small, gives nothing.
        let outside = grey.withUnsafeBufferPointer { luma in
            luminance.measure(rgb: nil, luma: luma, width: width, height: height, x0: 70, y0: 0, x1: 90, y1: 20)
        }
        #expect(outside == nil)
    }

    @Test("On the real portraits: darkening lowers under-exposure prevention, burning out lowers over-exposure prevention, flattening lowers the dynamic range")
    func realPortraits() throws {
        let assessor = QualityAssessor()
        var taken: [FaceLuminance.Measures] = [], lowered = (under: 0, over: 0, range: 0, variance: 0)
        var dark: [Double] = [], burnt: [Double] = [], flat: [Double] = []
        var luminance = FaceLuminance()
        // Every second photo, for the suite's time.
        for (_, photo) in try PortraitPhotos.load(everySecond: true) {
            let report = assessor.assess(.rgb(photo), position: .face)
            guard let x = report.metric(MetricName.faceBoxX), let y = report.metric(MetricName.faceBoxY),
                  let w = report.metric(MetricName.faceBoxWidth), let h = report.metric(MetricName.faceBoxHeight),
                  let reportedRange = report.metric(MetricName.dynamicRange) else { continue }
            let box = (x0: Int(x), y0: Int(y), x1: Int(x + w), y1: Int(y + h))
            let unusedLuma = [UInt8](repeating: 0, count: photo.width * photo.height)
            func measure(_ image: RGBImage) -> FaceLuminance.Measures? {
                image.pixels.withUnsafeBufferPointer { rgb in
                    unusedLuma.withUnsafeBufferPointer { luma in
                        luminance.measure(rgb: rgb, luma: luma, width: image.width, height: image.height,
                                          x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1)
                    }
                }
            }
            guard let asTaken = measure(photo),
                  let darkened = measure(try Self.mapped(photo) { $0 * 0.3 }),
                  let brightened = measure(try Self.mapped(photo) { $0 * 2.5 }),
                  let flattened = measure(try Self.mapped(photo) { 128 + ($0 - 128) * 0.2 }) else { continue }
            #expect(asTaken.dynamicRangeComponent == reportedRange, "the report carries the same measure")
            taken.append(asTaken)
            dark.append(darkened.underExposureComponent)
            burnt.append(brightened.overExposureComponent)
            flat.append(flattened.dynamicRangeComponent)
            if darkened.underExposureComponent < asTaken.underExposureComponent { lowered.under += 1 }
            if brightened.overExposureComponent < asTaken.overExposureComponent { lowered.over += 1 }
            if flattened.dynamicRangeComponent < asTaken.dynamicRangeComponent { lowered.range += 1 }
            if flattened.varianceComponent < asTaken.varianceComponent { lowered.variance += 1 }
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        let under = median(taken.map(\.underExposureComponent)), over = median(taken.map(\.overExposureComponent))
        let range = median(taken.map(\.dynamicRangeComponent))
        print("face luminance: \(taken.count) portraits; as taken, medians: mean \(median(taken.map(\.meanComponent))), variance \(median(taken.map(\.varianceComponent))), under-exposure \(under), over-exposure \(over), dynamic range \(range); darkened to 30 %: under-exposure \(median(dark)) (lower in \(lowered.under)); brightened 2.5×: over-exposure \(median(burnt)) (lower in \(lowered.over)); contrast to 20 % around 128: dynamic range \(median(flat)) (lower in \(lowered.range)), variance lower in \(lowered.variance)")
        #expect(taken.count >= 20)
        #expect(under == 100 && over >= 90 && range >= 80)
        #expect(median(dark) <= 50 && median(burnt) <= 20 && median(flat) <= range - 15)
        #expect(lowered.under >= taken.count * 9 / 10 && lowered.over >= taken.count * 9 / 10)
        #expect(lowered.range == taken.count && lowered.variance >= taken.count * 9 / 10)
    }

    /// `photo` with every sample through `curve` (0–255 in, clamped to 0–255 out).
    static func mapped(_ photo: RGBImage, curve: (Double) -> Double) throws -> RGBImage {
        let table = (0..<256).map { UInt8(min(255, max(0, curve(Double($0)).rounded()))) }
        return try RGBImage(width: photo.width, height: photo.height, pixels: photo.pixels.map { table[Int($0)] })
    }

    @Test("Margins: eye distances to the sides, T = 1.8 eye distances above and below, OFIQ's sigmoids")
    func margins() throws {
        // Eyes 80 px apart, level at y = 300 in a 1280 × 720 frame: left 5, right 10 eye distances; top 300/144,
        // bottom 420/144.
        let centred = try #require(FaceMargins.measure(width: 1280, height: 720, leftEye: (400, 300), rightEye: (480, 300)))
        #expect(abs(centred.left - 5) < 1e-12 && abs(centred.right - 10) < 1e-12)
        #expect(abs(centred.top - 300.0 / 144) < 1e-12 && abs(centred.bottom - 420.0 / 144) < 1e-12)
        let good = FaceMargins.components(centred)
        #expect(good.left == 100 && good.right == 100 && good.top == 100 && good.bottom == 100)
        // The left eye 0.9 eye distances from the side: OFIQ's midpoint, 50; the eyes 1.4 T from the top: 50.
        let edge = FaceMargins.components(try #require(FaceMargins.measure(width: 1280, height: 720, leftEye: (72, 201.6), rightEye: (152, 201.6))))
        #expect(edge.left == 50 && edge.top == 50 && edge.right == 100 && edge.bottom == 100)
        // High in a frame and cut off at the bottom side: 0.3 T below the eyes.
        let low = FaceMargins.components(try #require(FaceMargins.measure(width: 640, height: 360, leftEye: (280, 317), rightEye: (360, 317))))
        #expect(low.bottom == 0 && low.top == 100)
        #expect(FaceMargins.measure(width: 640, height: 360, leftEye: (300, 100), rightEye: (300.5, 100)) == nil)
    }
}
