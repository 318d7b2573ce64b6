import BiocapCore
import BiocapImaging
import BiocapSynthesis
import BiocapTestSupport
import Foundation

/// A 1600 × 1500 slap composed from real 500 ppi fingerprints (FVC2000 DB1 and DB3) at known places: each
/// fingertip is the elliptical print area of a real image, rotated to a realistic tilt and dropped to a realistic
/// height, with a fainter middle phalanx (another real print) below a crease, on one of several platen
/// backgrounds. The truth is each fingertip's ellipse: its centre and axis-aligned box.
struct ComposedSlap {
    enum Background: CaseIterable, CustomStringConvertible {
        /// A clean, light platen.
        case white
        /// A grey platen with strong sensor noise.
        case noisyGrey
        /// A light platen darkened in a smooth halo around each finger (moisture, optics).
        case halo
        /// A grey platen with a faint latent print left by an earlier subject.
        case latent

        var description: String {
            switch self {
            case .white: "white"
            case .noisyGrey: "noisy grey"
            case .halo: "halo"
            case .latent: "latent"
            }
        }
    }

    /// One finger put on the platen: its fingertip ellipse's centre, tilt (degrees clockwise) and source print.
    struct Placement {
        var finger: FingerPosition
        var centreX: Double
        var centreY: Double
        var angle: Double
        var print: RealPrint
        /// Another real print used for the middle phalanx below the crease; `nil` for a fingertip alone.
        var lowerPrint: RealPrint?
    }

    /// Where a fingertip truly is.
    struct Truth {
        var finger: FingerPosition
        var centreX: Double
        var centreY: Double
        var angle: Double
        var box: FingerSegment.Box
    }

    static let size = (width: 1600, height: 1500)
    static let ppi = 500.0

    let image: GrayImage
    let truths: [Truth]

    /// The print area of one real fingerprint: an ellipse around its ridges.
    struct RealPrint {
        let image: GrayImage
        let centreX: Double
        let centreY: Double
        let semiX: Double
        let semiY: Double
        /// Grey of its valleys and of its ridges (90th and 5th percentiles inside the ellipse).
        let light: Double
        let dark: Double

        /// Loads `fingerprints/<relative>` and finds its print ellipse from the second moments of its darkest
        /// pixels (ridges cover about half the print evenly, so the moments are those of the print area).
        static func load(_ relative: String) throws -> RealPrint {
            let image = try NetPBM.decodeGray(TestData.bytes("fingerprints/" + relative))
            var histogram = [Int](repeating: 0, count: 256)
            for value in image.pixels { histogram[Int(value)] += 1 }
            func percentile(_ fraction: Double) -> Int {
                let target = Int(Double(image.pixels.count) * fraction)
                var running = 0
                for level in 0..<256 {
                    running += histogram[level]
                    if running > target { return level }
                }
                return 255
            }
            let threshold = UInt8(percentile(0.3))
            var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0
            for y in 0..<image.height {
                for x in 0..<image.width where image.pixels[y * image.width + x] <= threshold {
                    n += 1; sx += Double(x); sy += Double(y); sxx += Double(x * x); syy += Double(y * y)
                }
            }
            let cx = sx / n, cy = sy / n
            let semiX = min(2 * (sxx / n - cx * cx).squareRoot(), min(cx, Double(image.width) - cx) - 2)
            let semiY = min(2 * (syy / n - cy * cy).squareRoot(), min(cy, Double(image.height) - cy) - 2)
            var inside = [Int](repeating: 0, count: 256), count = 0
            for y in 0..<image.height {
                for x in 0..<image.width where pow((Double(x) - cx) / semiX, 2) + pow((Double(y) - cy) / semiY, 2) <= 1 {
                    inside[Int(image.pixels[y * image.width + x])] += 1
                    count += 1
                }
            }
            func insidePercentile(_ fraction: Double) -> Double {
                var running = 0
                for level in 0..<256 {
                    running += inside[level]
                    if running > Int(Double(count) * fraction) { return Double(level) }
                }
                return 255
            }
            return RealPrint(image: image, centreX: cx, centreY: cy, semiX: semiX, semiY: semiY,
                             light: insidePercentile(0.9), dark: insidePercentile(0.05))
        }
    }

    /// Composes `placements` on `background`. `seed` drives the noise.
    static func compose(_ placements: [Placement], background: Background, seed: UInt64) -> ComposedSlap {
        var random = SimulationRandom(seed: seed, stream: 0x5E6)
        let (width, height) = size
        let level: Double = switch background {
        case .white: 236
        case .noisyGrey, .latent: 168
        case .halo: 222
        }
        var canvas = [Double](repeating: level, count: width * height)
        if background == .halo {
            for placement in placements {
                darken(&canvas, placement, by: 70)
            }
        }
        if background == .latent, let ghost = placements.first?.print {
            // A faint earlier print in an empty corner, 15 % of a finger's contrast.
            stamp(&canvas, ghost, centreX: 180, centreY: 1250, angle: 10, semiScale: 1, level: level, contrast: 0.15)
        }
        var truths: [Truth] = []
        for placement in placements {
            let angle = placement.angle * Double.pi / 180
            let print = placement.print
            if let lower = placement.lowerPrint {
                // The middle phalanx: below a 0.05-inch crease, a little narrower, pressed more lightly.
                let semiY = 150.0
                let distance = print.semiY + 25 + semiY
                let lowerX = placement.centreX - sin(angle) * distance, lowerY = placement.centreY + cos(angle) * distance
                stamp(&canvas, lower, centreX: lowerX, centreY: lowerY, angle: placement.angle,
                      semiX: print.semiX * 0.92, semiY: semiY, level: level, contrast: 0.7)
            }
            stamp(&canvas, print, centreX: placement.centreX, centreY: placement.centreY, angle: placement.angle,
                  semiScale: 1, level: level, contrast: 1)
            let extentX = (pow(print.semiX * cos(angle), 2) + pow(print.semiY * sin(angle), 2)).squareRoot()
            let extentY = (pow(print.semiX * sin(angle), 2) + pow(print.semiY * cos(angle), 2)).squareRoot()
            let x0 = max(0, Int(placement.centreX - extentX)), x1 = min(width, Int(placement.centreX + extentX))
            let y0 = max(0, Int(placement.centreY - extentY)), y1 = min(height, Int(placement.centreY + extentY))
            truths.append(Truth(finger: placement.finger, centreX: placement.centreX, centreY: placement.centreY,
                                angle: placement.angle, box: FingerSegment.Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)))
        }
        let deviation: Double = switch background {
        case .white: 2
        case .noisyGrey: 10
        case .halo, .latent: 4
        }
        var pixels = [UInt8](repeating: 0, count: width * height)
        addNoise(canvas, deviation: deviation, random: &random, into: &pixels)
        var image = GrayImage(width: width, height: height, ppi: 500)
        image.pixels = pixels
        return ComposedSlap(image: image, truths: truths)
    }

    @_optimize(speed)
    private static func addNoise(_ canvas: [Double], deviation: Double, random: inout SimulationRandom, into pixels: inout [UInt8]) {
        // Sum of four uniform bytes: near-Gaussian, cheap.
        let unit = deviation / (4 * 73.9)
        for index in canvas.indices {
            let bits = random.next()
            let sum = Double(bits & 0xFF) + Double((bits >> 8) & 0xFF) + Double((bits >> 16) & 0xFF) + Double((bits >> 24) & 0xFF)
            let value = canvas[index] + (sum - 510) * unit
            pixels[index] = UInt8(max(0, min(255, value.rounded())))
        }
    }

    private static func stamp(_ canvas: inout [Double], _ print: RealPrint, centreX: Double, centreY: Double, angle: Double,
                              semiScale: Double, level: Double, contrast: Double) {
        stamp(&canvas, print, centreX: centreX, centreY: centreY, angle: angle,
              semiX: print.semiX * semiScale, semiY: print.semiY * semiScale, level: level, contrast: contrast)
    }

    /// Draws the print's ellipse (`semiX` × `semiY` around its centre) rotated by `angle` degrees clockwise about
    /// (`centreX`, `centreY`): valleys at the platen's level, ridges darker by `contrast`; the darker wins where
    /// prints overlap, as on a platen.
    @_optimize(speed)
    private static func stamp(_ canvas: inout [Double], _ print: RealPrint, centreX: Double, centreY: Double, angle: Double,
                              semiX: Double, semiY: Double, level: Double, contrast: Double) {
        let (c, s) = (cos(angle * Double.pi / 180), sin(angle * Double.pi / 180))
        let reach = max(semiX, semiY)
        let (width, height) = size
        let x0 = max(0, Int(centreX - reach)), x1 = min(width - 1, Int(centreX + reach))
        let y0 = max(0, Int(centreY - reach)), y1 = min(height - 1, Int(centreY + reach))
        guard x0 <= x1, y0 <= y1 else { return }
        let span = max(1, print.light - print.dark)
        let ridgeLevel = 40.0
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - centreX, dy = Double(y) - centreY
                let u = dx * c + dy * s, v = -dx * s + dy * c
                guard (u / semiX) * (u / semiX) + (v / semiY) * (v / semiY) <= 1 else { continue }
                let sourceX = Int(print.centreX + u), sourceY = Int(print.centreY + v)
                guard sourceX >= 0, sourceY >= 0, sourceX < print.image.width, sourceY < print.image.height else { continue }
                let grey = Double(print.image.pixels[sourceY * print.image.width + sourceX])
                let darkness = max(0, min(1, (print.light - grey) / span)) * contrast
                let value = level - darkness * (level - ridgeLevel)
                let index = y * width + x
                if value < canvas[index] { canvas[index] = value }
            }
        }
    }

    /// A smooth darker zone reaching 0.15 inch beyond the fingertip, deepest at its edge.
    @_optimize(speed)
    private static func darken(_ canvas: inout [Double], _ placement: Placement, by amount: Double) {
        let (c, s) = (cos(placement.angle * Double.pi / 180), sin(placement.angle * Double.pi / 180))
        let semiX = placement.print.semiX + 75, semiY = placement.print.semiY + 75
        let reach = max(semiX, semiY)
        let (width, height) = size
        let x0 = max(0, Int(placement.centreX - reach)), x1 = min(width - 1, Int(placement.centreX + reach))
        let y0 = max(0, Int(placement.centreY - reach)), y1 = min(height - 1, Int(placement.centreY + reach))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - placement.centreX, dy = Double(y) - placement.centreY
                let u = dx * c + dy * s, v = -dx * s + dy * c
                let radius = ((u / semiX) * (u / semiX) + (v / semiY) * (v / semiY)).squareRoot()
                guard radius < 1 else { continue }
                let t = min(1, (1 - radius) / 0.3)
                let index = y * width + x
                canvas[index] = min(canvas[index], 222 - amount * t * t * (3 - 2 * t))
            }
        }
    }
}
