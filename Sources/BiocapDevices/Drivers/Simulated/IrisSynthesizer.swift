import BiocapCore
import Foundation

/// Synthesises near-infrared eye images (640 × 480 grey): dark pupil with the illuminator's specular
/// spot, a textured iris (radial fibres, crypts, collarette, darker limbus), a light sclera, skin,
/// upper and lower eyelids as arcs that may cover part of the iris, and eyelashes along the upper lid.
/// Pure in the seed and parameters.
enum IrisSynthesizer {
    static let size = (width: 640, height: 480)

    /// The subject's gaze and lids.
    struct Appearance: Sendable, Equatable {
        /// 1 = normally open, 0 = closed.
        var openness = 1.0
        /// Horizontal gaze offset of the iris in pixels (looking away) and its horizontal squash.
        var gazeShift = 0.0
        var gazeSquash = 1.0

        init(scenario: SimulationScenario, eye: EyePosition) {
            switch scenario {
            case .closedEye: openness = 0
            case .lookingAway:
                gazeShift = eye == .left ? -78 : 78
                gazeSquash = 0.72
            default: break
            }
        }
    }

    /// The parameters the seed chose, exposed so tests can check the geometry.
    struct Geometry: Sendable, Equatable {
        var centreX: Double
        var centreY: Double
        var pupilRadius: Double
        var irisRadius: Double
    }

    static func geometry(seed: UInt64) -> Geometry {
        var random = SimulationRandom(seed: seed, stream: 0x1215)
        return Geometry(
            centreX: Double(size.width) / 2 + random.uniform(-8...8),
            centreY: Double(size.height) / 2 + random.uniform(-6...6),
            pupilRadius: random.uniform(30...45),
            irisRadius: random.uniform(100...120))
    }

    static func eye(seed: UInt64, appearance: Appearance) -> GrayImage {
        let width = size.width, height = size.height
        let geometry = geometry(seed: seed)
        var random = SimulationRandom(seed: seed, stream: 0x1216)
        let irisBase = random.uniform(100...135)
        let skinBase = random.uniform(135...160)
        let scleraBase = random.uniform(168...188)
        let fibres = ValueNoise(seed: random.next(), cell: 1, octaves: 3, size: 128)
        let crypts = ValueNoise(seed: random.next(), cell: 1, octaves: 2, size: 128)
        let skinNoise = ValueNoise(seed: random.next(), cell: 24, octaves: 3)
        let pores = ValueNoise(seed: random.next(), cell: 3, octaves: 1)
        let cx = geometry.centreX + appearance.gazeShift, cy = geometry.centreY
        let rp = geometry.pupilRadius, ri = geometry.irisRadius
        let pupilX = cx + random.uniform(-4...4), pupilY = cy + random.uniform(-3...3)
        let corners = 235.0, cornerY = cy + 12
        let lowerHeight = (ri * 0.95 - 12) * (0.15 + 0.85 * appearance.openness)
        // Closed lids meet along the lower lid's line, leaving no opening at all.
        let upperHeight = appearance.openness <= 0.05 ? -lowerHeight : (ri * 0.82 + 12) * appearance.openness

        func lids(_ x: Double) -> (upper: Double, lower: Double) {
            let u = min(abs(x - geometry.centreX) / corners, 1)
            let shape = pow(1 - u * u, 0.8)
            return (cornerY - upperHeight * shape, cornerY + lowerHeight * shape)
        }

        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let yd = Double(y)
            for x in 0..<width {
                let xd = Double(x)
                let (upper, lower) = lids(xd)
                var value: Double
                if yd > upper && yd < lower {
                    let dx = (xd - cx) / appearance.gazeSquash, dy = yd - cy
                    let r = (dx * dx + dy * dy).squareRoot()
                    let pdx = (xd - pupilX) / appearance.gazeSquash, pdy = yd - pupilY
                    let rPupil = (pdx * pdx + pdy * pdy).squareRoot()
                    let angle = atan2(dy, dx)
                    if rPupil < rp {
                        value = 24
                    } else if r < ri {
                        let t = (r - rp) / (ri - rp)
                        // Fibres: noise stretched along the radius; crypts: larger dark pits.
                        let a = (angle + .pi) / (2 * .pi)
                        let fibre = fibres.value(a * 128, t * 5)
                        let crypt = crypts.value(a * 32, t * 3)
                        value = irisBase + 26 * fibre
                        if crypt > 0.25 { value -= 70 * (crypt - 0.25) }
                        let collarette = exp(-pow((t - 0.32) / 0.05, 2))
                        value += 14 * collarette * (1 + 0.5 * fibre)
                        value -= 35 * pow(max(t - 0.8, 0) / 0.2, 2)
                        value -= 18 * exp(-(rPupil - rp) / 4)
                    } else {
                        value = scleraBase - 25 * pow(min(abs(xd - geometry.centreX) / corners, 1), 2)
                        value -= 25 * exp(-(r - ri) / 5)
                    }
                    // Shadow cast by the upper lid and lashes, and softened lid margins.
                    value -= 40 * exp(-(yd - upper) / 9)
                    value -= 25 * exp(-(lower - yd) / 4)
                    value = value * smoothstep(0, 2.5, yd - upper) + 60 * (1 - smoothstep(0, 2.5, yd - upper))
                } else {
                    value = skinBase + 10 * skinNoise.value(xd, yd) + 4 * pores.value(xd, yd)
                    // The lid crease above the eye and the dark lid margins, fading out past the corners.
                    let u = min(abs(xd - geometry.centreX) / (corners * 1.1), 1)
                    let along = 1 - u * u * u * u
                    let crease = upper - 38 - 10 * appearance.openness
                    value -= 16 * along * exp(-pow((yd - crease) / 7, 2)) * (yd < upper ? 1 : 0)
                    if yd <= upper { value -= 70 * along * exp(-(upper - yd) / 3) }
                    if yd >= lower { value -= 30 * along * exp(-(yd - lower) / 3) }
                }
                pixels[y * width + x] = UInt8(min(max(value, 0), 255))
            }
        }
        drawLashes(&pixels, width: width, height: height, random: &random, lids: lids, centreX: geometry.centreX, corners: corners)
        if appearance.openness > 0.3 {
            let spot = SIMD2(pupilX + rp * random.uniform(-0.35...0.35), pupilY - rp * random.uniform(0.1...0.4))
            drawDisc(&pixels, width: width, height: height, centre: spot, radius: random.uniform(4...6.5), value: 250)
        }
        var image = GrayImage(width: width, height: height)
        image.pixels = pixels
        return image
    }

    /// Lashes grow from the upper lid margin: most curl up and out, some droop over the eye.
    private static func drawLashes(
        _ pixels: inout [UInt8], width: Int, height: Int, random: inout SimulationRandom,
        lids: (Double) -> (upper: Double, lower: Double), centreX: Double, corners: Double
    ) {
        for _ in 0..<90 {
            let u = random.uniform(-0.92...0.92)
            let x0 = centreX + u * corners
            let y0 = lids(x0).upper
            let droop = random.uniform(0...1) < 0.35
            let length = droop ? random.uniform(10...24) : random.uniform(16...38)
            let outward = (u >= 0 ? 1.0 : -1.0) * random.uniform(0.1...0.6) * (0.4 + abs(u))
            let direction = SIMD2(outward, droop ? 1 : -1)
            let curl = random.uniform(0.4...1.0) * (u >= 0 ? 1 : -1)
            let thickness = random.uniform(0.7...1.4)
            let darkness = random.uniform(20...50)
            var t = 0.0
            while t < 1 {
                let bendX = curl * t * t * length * 0.35
                let point = SIMD2(x0 + direction.x * length * t + bendX, y0 + direction.y * length * t * (droop ? 1 : 0.9))
                drawDisc(&pixels, width: width, height: height, centre: point, radius: thickness * (1 - 0.6 * t), value: darkness, darkenOnly: true)
                t += 0.5 / length
            }
        }
    }

    static func drawDisc(
        _ pixels: inout [UInt8], width: Int, height: Int, centre: SIMD2<Double>, radius: Double, value: Double,
        darkenOnly: Bool = false
    ) {
        let reach = Int(radius + 2)
        let px = Int(centre.x), py = Int(centre.y)
        let x0 = max(0, px - reach), x1 = min(width - 1, px + reach)
        let y0 = max(0, py - reach), y1 = min(height - 1, py + reach)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let d = ((Double(x) - centre.x) * (Double(x) - centre.x) + (Double(y) - centre.y) * (Double(y) - centre.y)).squareRoot()
                let cover = min(max(radius + 0.5 - d, 0), 1)
                guard cover > 0 else { continue }
                let old = Double(pixels[y * width + x])
                let new = old + (value - old) * cover
                pixels[y * width + x] = UInt8(min(max(darkenOnly ? min(old, new) : new, 0), 255))
            }
        }
    }

    private static func smoothstep(_ low: Double, _ high: Double, _ x: Double) -> Double {
        let t = min(max((x - low) / (high - low), 0), 1)
        return t * t * (3 - 2 * t)
    }
}
