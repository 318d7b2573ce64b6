import BiocapCore
import Foundation

/// Simple measurements the simulator tests use to check images look like what they claim to be.
public enum ImageMeasures {
    /// Mean absolute horizontal + vertical difference inside a rectangle: sharpness/local contrast.
    public static func gradientEnergy(_ image: GrayImage, x0: Int, y0: Int, x1: Int, y1: Int) -> Double {
        var total = 0, count = 0
        for y in y0..<(y1 - 1) {
            for x in x0..<(x1 - 1) {
                let centre = Int(image[x, y])
                total += abs(Int(image[x + 1, y]) - centre) + abs(Int(image[x, y + 1]) - centre)
                count += 1
            }
        }
        return Double(total) / Double(max(count, 1))
    }

    /// Counts separate dark regions met along the columns of a horizontal band: a column is
    /// foreground when enough of its band pixels are much darker than the background; short gaps merge.
    public static func foregroundBlobs(_ image: GrayImage, y0: Int, y1: Int, darkerThan threshold: UInt8, minimumWidth: Int = 60) -> Int {
        var foreground = [Bool](repeating: false, count: image.width)
        for x in 0..<image.width {
            var dark = 0
            for y in y0..<y1 where image[x, y] < threshold { dark += 1 }
            foreground[x] = dark > (y1 - y0) / 20
        }
        var blobs = 0, run = 0, gap = 0
        for x in 0..<image.width {
            if foreground[x] {
                run += 1
                gap = 0
            } else if run > 0 {
                gap += 1
                if gap > 20 {
                    if run >= minimumWidth { blobs += 1 }
                    run = 0
                }
            }
        }
        if run >= minimumWidth { blobs += 1 }
        return blobs
    }

    /// Ridge period near (cx, cy): the direction across the ridges is the one whose 64-px profile
    /// (averaged over 5 parallel lines) varies most; the period is 2 × 64 / zero crossings.
    public static func ridgePeriod(_ image: GrayImage, cx: Int, cy: Int) -> Double {
        var best: (variance: Double, profile: [Double]) = (-1, [])
        for step in 0..<16 {
            let angle = Double(step) * .pi / 16
            let (c, s) = (cos(angle), sin(angle))
            let profile = (-32..<32).map { k -> Double in
                var sum = 0.0
                for offset in -2...2 {
                    let x = Int((Double(cx) + Double(k) * c - Double(offset) * s).rounded())
                    let y = Int((Double(cy) + Double(k) * s + Double(offset) * c).rounded())
                    sum += Double(image[min(max(x, 0), image.width - 1), min(max(y, 0), image.height - 1)])
                }
                return sum / 5
            }
            let mean = profile.reduce(0, +) / Double(profile.count)
            let variance = profile.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            if variance > best.variance { best = (variance, profile.map { $0 - mean }) }
        }
        let crossings = zip(best.profile, best.profile.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
        return crossings == 0 ? .infinity : 2 * 64 / Double(crossings)
    }

    /// Fraction of pixels in a rectangle with a skin-like chroma (R > G > B, R − B ≥ 20, R ≥ 80).
    public static func skinFraction(_ image: RGBImage, x0: Int, y0: Int, x1: Int, y1: Int) -> Double {
        var skin = 0
        for y in y0..<y1 {
            for x in x0..<x1 {
                let i = (y * image.width + x) * 3
                let (r, g, b) = (Int(image.pixels[i]), Int(image.pixels[i + 1]), Int(image.pixels[i + 2]))
                if r > g, g > b, r - b >= 20, r >= 80 { skin += 1 }
            }
        }
        return Double(skin) / Double((x1 - x0) * (y1 - y0))
    }

    public static func mean(_ image: GrayImage, x0: Int, y0: Int, x1: Int, y1: Int) -> Double {
        var total = 0
        for y in y0..<y1 { for x in x0..<x1 { total += Int(image[x, y]) } }
        return Double(total) / Double((x1 - x0) * (y1 - y0))
    }

    /// Peak signal-to-noise ratio of `image` against `original` (same size), in dB. Here, in a module built optimised,
    /// because the codec tests compare dozens of megapixels and a debug build's `zip` spent seconds on it.
    public static func psnr(_ image: GrayImage, _ original: GrayImage) -> Double {
        var squared = 0
        image.pixels.withUnsafeBufferPointer { a in
            original.pixels.withUnsafeBufferPointer { b in
                for index in 0..<min(a.count, b.count) {
                    let difference = Int(a[index]) - Int(b[index])
                    squared += difference * difference
                }
            }
        }
        return 10 * log10(255 * 255 / max(Double(squared) / Double(original.pixels.count), 1e-12))
    }

    /// The largest absolute pixel difference between two images of the same size, and how many pixels differ at all.
    public static func difference(_ first: GrayImage, _ second: GrayImage) -> (largest: Int, differing: Int) {
        var largest = 0, differing = 0
        first.pixels.withUnsafeBufferPointer { a in
            second.pixels.withUnsafeBufferPointer { b in
                for index in 0..<min(a.count, b.count) where a[index] != b[index] {
                    largest = max(largest, abs(Int(a[index]) - Int(b[index])))
                    differing += 1
                }
            }
        }
        return (largest, differing)
    }
}
