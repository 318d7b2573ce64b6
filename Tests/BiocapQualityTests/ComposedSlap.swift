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

        /// Loads `fingerprints/<relative>` and finds its print area: the 16 × 16 blocks whose grey-level
        /// deviation reaches half the strong blocks' (the print's ridges, not the sensor's background texture),
        /// taken as a uniform ellipse with the same second moments (semi-axis = 2σ), kept inside the image.
        static func load(_ relative: String) throws -> RealPrint {
            let image = try NetPBM.decodeGray(TestData.bytes("fingerprints/" + relative))
            let block = 16
            var deviations: [(x: Double, y: Double, deviation: Double)] = []
            for by in 0..<(image.height / block) {
                for bx in 0..<(image.width / block) {
                    var sum = 0.0, squares = 0.0
                    for y in (by * block)..<(by * block + block) {
                        for x in (bx * block)..<(bx * block + block) {
                            let value = Double(image.pixels[y * image.width + x])
                            sum += value; squares += value * value
                        }
                    }
                    let mean = sum / Double(block * block)
                    deviations.append((Double(bx * block + block / 2), Double(by * block + block / 2),
                                       (max(0, squares / Double(block * block) - mean * mean)).squareRoot()))
                }
            }
            let sorted = deviations.map(\.deviation).sorted()
            let strong = sorted[Int(Double(sorted.count - 1) * 0.9)]
            let print = deviations.filter { $0.deviation >= 0.5 * strong }
            let n = Double(print.count)
            let cx = print.reduce(0) { $0 + $1.x } / n, cy = print.reduce(0) { $0 + $1.y } / n
            let varianceX = print.reduce(0) { $0 + ($1.x - cx) * ($1.x - cx) } / n
            let varianceY = print.reduce(0) { $0 + ($1.y - cy) * ($1.y - cy) } / n
            let semiX = min(2 * varianceX.squareRoot(), min(cx, Double(image.width) - cx) - 2)
            let semiY = min(2 * varianceY.squareRoot(), min(cy, Double(image.height) - cy) - 2)
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
            stamp(&canvas, ghost, shape: .ellipse(semiX: ghost.semiX, semiY: ghost.semiY, flatBottom: nil),
                  centreX: 180, centreY: 1250, angle: 10, level: level, contrast: 0.15)
        }
        var truths: [Truth] = []
        for placement in placements {
            let print = placement.print
            // The fingertip's pad ends in a straight crease at 70 % of its lower half; the middle phalanx starts
            // 0.05 inch below it, a little narrower, pressed more lightly, and runs 0.55 inch on.
            let flatBottom = placement.lowerPrint == nil ? nil : 0.7 * print.semiY
            if let lower = placement.lowerPrint, let flatBottom {
                let shape = Shape.band(halfWidth: print.semiX * 0.9, from: flatBottom + 25, to: flatBottom + 25 + 275)
                _ = stamp(&canvas, lower, shape: shape, centreX: placement.centreX, centreY: placement.centreY,
                          angle: placement.angle, level: level, contrast: 0.7, sourceOffset: flatBottom + 25 + 137)
            }
            let shape = Shape.ellipse(semiX: print.semiX, semiY: print.semiY, flatBottom: flatBottom)
            let box = stamp(&canvas, print, shape: shape, centreX: placement.centreX, centreY: placement.centreY,
                            angle: placement.angle, level: level, contrast: 1)
            truths.append(Truth(finger: placement.finger, centreX: Double(box.x) + Double(box.width) / 2,
                                centreY: Double(box.y) + Double(box.height) / 2, angle: placement.angle, box: box))
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

    /// The outline a print is drawn in, in the finger's own frame (u across, v down from the stamp's centre).
    enum Shape {
        /// An ellipse, cut straight at `flatBottom` below the centre when given.
        case ellipse(semiX: Double, semiY: Double, flatBottom: Double?)
        /// A band across the finger from `from` to `to` below the centre.
        case band(halfWidth: Double, from: Double, to: Double)

        func contains(u: Double, v: Double) -> Bool {
            switch self {
            case .ellipse(let semiX, let semiY, let flatBottom):
                return (u / semiX) * (u / semiX) + (v / semiY) * (v / semiY) <= 1 && v <= flatBottom ?? .infinity
            case .band(let halfWidth, let from, let to):
                return abs(u) <= halfWidth && v >= from && v <= to
            }
        }

        /// How far from the centre the shape can reach.
        var reach: Double {
            switch self {
            case .ellipse(let semiX, let semiY, _): max(semiX, semiY)
            case .band(let halfWidth, _, let to): (halfWidth * halfWidth + to * to).squareRoot()
            }
        }
    }

    /// Draws the print inside `shape`, rotated by `angle` degrees clockwise about (`centreX`, `centreY`) (the
    /// print's own centre lands there): valleys at the platen's level, ridges darker by `contrast`; the darker
    /// wins where prints overlap, as on a platen. `sourceOffset` moves the shape's place in the print down by that
    /// much. Returns the bounding box of the pixels drawn.
    @_optimize(speed)
    @discardableResult
    private static func stamp(_ canvas: inout [Double], _ print: RealPrint, shape: Shape, centreX: Double, centreY: Double,
                              angle: Double, level: Double, contrast: Double, sourceOffset: Double = 0) -> FingerSegment.Box {
        let (c, s) = (cos(angle * Double.pi / 180), sin(angle * Double.pi / 180))
        let reach = shape.reach
        let (width, height) = size
        let x0 = max(0, Int(centreX - reach)), x1 = min(width - 1, Int(centreX + reach))
        let y0 = max(0, Int(centreY - reach)), y1 = min(height - 1, Int(centreY + reach))
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        guard x0 <= x1, y0 <= y1 else { return FingerSegment.Box(x: 0, y: 0, width: 0, height: 0) }
        let span = max(1, print.light - print.dark)
        let ridgeLevel = 40.0
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - centreX, dy = Double(y) - centreY
                let u = dx * c + dy * s, v = -dx * s + dy * c
                guard shape.contains(u: u, v: v) else { continue }
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                // Beyond the source image (a band longer than the print) the print repeats.
                var sourceX = Int(print.centreX + u) % print.image.width, sourceY = Int(print.centreY + v - sourceOffset) % print.image.height
                if sourceX < 0 { sourceX += print.image.width }
                if sourceY < 0 { sourceY += print.image.height }
                let grey = Double(print.image.pixels[sourceY * print.image.width + sourceX])
                let darkness = max(0, min(1, (print.light - grey) / span)) * contrast
                let value = level - darkness * (level - ridgeLevel)
                let index = y * width + x
                if value < canvas[index] { canvas[index] = value }
            }
        }
        guard maxX >= minX else { return FingerSegment.Box(x: 0, y: 0, width: 0, height: 0) }
        return FingerSegment.Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    /// A dark ring around the fingertip's edge, as moisture or stray light leave on optical platens: deepest at
    /// the edge, fading within 0.05 inch inside the contact and 0.15 inch outside it.
    @_optimize(speed)
    private static func darken(_ canvas: inout [Double], _ placement: Placement, by amount: Double) {
        let (c, s) = (cos(placement.angle * Double.pi / 180), sin(placement.angle * Double.pi / 180))
        let semiX = placement.print.semiX, semiY = placement.print.semiY
        let reach = max(semiX, semiY) + 80
        let (width, height) = size
        let x0 = max(0, Int(placement.centreX - reach)), x1 = min(width - 1, Int(placement.centreX + reach))
        let y0 = max(0, Int(placement.centreY - reach)), y1 = min(height - 1, Int(placement.centreY + reach))
        guard x0 <= x1, y0 <= y1 else { return }
        let meanSemi = (semiX + semiY) / 2
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - placement.centreX, dy = Double(y) - placement.centreY
                let u = dx * c + dy * s, v = -dx * s + dy * c
                // Signed distance from the edge, roughly: positive outside.
                let outside = (((u / semiX) * (u / semiX) + (v / semiY) * (v / semiY)).squareRoot() - 1) * meanSemi
                let t = outside >= 0 ? max(0, 1 - outside / 75) : max(0, 1 + outside / 25)
                guard t > 0 else { continue }
                let index = y * width + x
                canvas[index] = min(canvas[index], 222 - amount * t * t * (3 - 2 * t))
            }
        }
    }
}
