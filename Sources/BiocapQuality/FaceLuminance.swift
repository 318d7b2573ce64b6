import Foundation

/// The face's luminance measures of ISO/IEC 29794-5 as BSI's OFIQ computes them, on the histogram of the face's
/// relative luminance (sRGB linearised, Y = 0.2126 R + 0.7152 G + 0.0722 B, quantised to 0–255; a grey frame's
/// level is taken as sRGB-coded luminance and linearised alike):
/// - luminance mean m (0–1) → 100 · σ(m; 0.2, 0.05) · (1 − σ(m; 0.8, 0.05));
/// - luminance variance v → 100 · sin(π · 60v / (60v + 1)) (highest at v = 1/60);
/// - under-exposure prevention: the share u of levels 0–25 → 120 · (0.832 − σ(u; 0.92, 0.05));
/// - over-exposure prevention: the share o of levels 247–255 → 1 / (o + 0.01);
/// - dynamic range: the histogram's entropy H in bits → 12.5 · H;
/// each rounded and held to 0–100, with σ(x; x₀, w) = 1 / (1 + e^((x₀ − x) / w)). Departure for the fast path: OFIQ
/// reads the pixels inside the hull of 98 landmarks on a face aligned to 616 × 616 (and, for the exposure shares,
/// not occluded by hair or hands); here the region is the ellipse inscribed in the face box, no occlusion mask, read
/// on a grid of at most about `samples` pixels (every pixel of a face the size OFIQ aligns to, every second or third
/// of a face filling a 1080p frame: the shares and the entropy of 256 levels need no more).
struct FaceLuminance {
    static let samples = 16_384

    /// Raw values and OFIQ's 0–100 components.
    struct Measures: Equatable {
        var mean: Double, variance: Double, darkShare: Double, brightShare: Double, entropy: Double
        var meanComponent: Double { Self.clamped(100 * Self.sigmoid(mean, 0.2, 0.05) * (1 - Self.sigmoid(mean, 0.8, 0.05))) }
        var varianceComponent: Double { Self.clamped(100 * sin(60 * variance / (60 * variance + 1) * Double.pi)) }
        var underExposureComponent: Double { Self.clamped(120 * (0.832 - Self.sigmoid(darkShare, 0.92, 0.05))) }
        var overExposureComponent: Double { Self.clamped(1 / (brightShare + 0.01)) }
        var dynamicRangeComponent: Double { Self.clamped(12.5 * entropy) }

        static func sigmoid(_ x: Double, _ x0: Double, _ w: Double) -> Double { 1 / (1 + exp((x0 - x) / w)) }
        /// Rounded as C's `round` and held to 0–100 (0, not −0, from a slightly negative value).
        static func clamped(_ value: Double) -> Double {
            let rounded = value.rounded()
            return rounded <= 0 ? 0 : min(100, rounded)
        }
    }

    /// OFIQ's ranges of under- and over-exposed luminance levels, both ends included.
    static let darkLevels = 0...25
    static let brightLevels = 247...255
    /// Each 8-bit sRGB level's share of the luminance level, linear light × weight × 255, in 16.16 fixed point (the
    /// three shares of a pixel add up to its level), for red, green and blue; and a grey level's luminance level.
    private static let shares: (red: [UInt32], green: [UInt32], blue: [UInt32]) = {
        func table(_ weight: Double) -> [UInt32] { (0..<256).map { UInt32((weight * linear($0) * 255 * 65536).rounded()) } }
        return (table(0.2126), table(0.7152), table(0.0722))
    }()
    private static let greyLevels: [UInt8] = (0..<256).map { UInt8((linear($0) * 255 + 0.5).rounded(.down)) }

    /// Linear-light value of an 8-bit sRGB level.
    static func linear(_ level: Int) -> Double { SRGB.linear(Double(level) / 255) }

    private var histogram = [Int](repeating: 0, count: 256)

    /// The measures over the ellipse inscribed in the box `x0..<x1`, `y0..<y1` (clipped to the frame), or `nil` when
    /// fewer than 64 of its pixels are read. `rgb` is interleaved 8-bit RGB or `nil` for a grey frame, then `luma` is read.
    @_optimize(speed)
    mutating func measure(
        rgb: UnsafeBufferPointer<UInt8>?, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        x0: Int, y0: Int, x1: Int, y1: Int
    ) -> Measures? {
        guard x1 > x0, y1 > y0, luma.count >= width * height else { return nil }
        for level in histogram.indices { histogram[level] = 0 }
        let rgb = rgb.flatMap { $0.count >= width * height * 3 ? $0 : nil }
        let centreX = Double(x0 + x1) / 2, centreY = Double(y0 + y1) / 2
        let radiusX = Double(x1 - x0) / 2, radiusY = Double(y1 - y0) / 2
        var count = 0
        let step = max(1, Int((Double((x1 - x0) * (y1 - y0)) / Double(Self.samples)).squareRoot()))
        let (red, green, blue) = Self.shares, greyLevels = Self.greyLevels
        histogram.withUnsafeMutableBufferPointer { histogram in
            for y in stride(from: max(0, y0), to: min(height, y1), by: step) {
                let dy = (Double(y) + 0.5 - centreY) / radiusY
                guard dy * dy < 1 else { continue }
                let halfWidth = radiusX * (1 - dy * dy).squareRoot()
                let left = max(0, Int((centreX - halfWidth).rounded())), right = min(width, Int((centreX + halfWidth).rounded()))
                guard right > left else { continue }
                count += (right - left + step - 1) / step
                if let rgb {
                    for x in stride(from: left, to: right, by: step) {
                        let index = (y * width + x) * 3
                        let share = red[Int(rgb[index])] &+ green[Int(rgb[index + 1])] &+ blue[Int(rgb[index + 2])]
                        histogram[Int(min(255, (share &+ 32768) >> 16))] += 1
                    }
                } else {
                    for x in stride(from: left, to: right, by: step) { histogram[Int(greyLevels[Int(luma[y * width + x])])] += 1 }
                }
            }
        }
        guard count >= 64 else { return nil }
        return Self.measures(of: histogram)
    }

    /// The raw measures of a 256-level luminance histogram.
    static func measures(of histogram: [Int]) -> Measures {
        let total = Double(histogram.reduce(0, +))
        var mean = 0.0, entropy = 0.0, dark = 0, bright = 0
        for (level, n) in histogram.enumerated() where n > 0 {
            let share = Double(n) / total
            mean += share * Double(level) / 255
            entropy -= share * log2(share)
            if darkLevels.contains(level) { dark += n }
            if brightLevels.contains(level) { bright += n }
        }
        var variance = 0.0
        for (level, n) in histogram.enumerated() where n > 0 {
            let deviation = Double(level) / 255 - mean
            variance += Double(n) / total * deviation * deviation
        }
        return Measures(mean: mean, variance: variance, darkShare: Double(dark) / total,
                        brightShare: Double(bright) / total, entropy: entropy)
    }
}
