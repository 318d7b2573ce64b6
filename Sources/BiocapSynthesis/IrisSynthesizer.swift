import BiocapCore
import Foundation

/// Synthesises near-infrared eye images (640 × 480 grey): dark pupil with the illuminator's specular
/// spot, a textured iris (radial fibres, crypts, collarette, darker limbus), a light sclera, skin,
/// upper and lower eyelids as arcs that may cover part of the iris, and eyelashes along the upper lid.
/// Pure in the seed and parameters.
public enum IrisSynthesizer {
    public static let size = (width: 640, height: 480)

    /// The subject's gaze and lids.
    public struct Appearance: Sendable, Equatable {
        /// 1 = normally open, 0 = closed.
        public var openness = 1.0
        /// Horizontal gaze offset of the iris in pixels (looking away) and its horizontal squash.
        public var gazeShift = 0.0
        public var gazeSquash = 1.0

        public init(scenario: SimulationScenario, eye: EyePosition) {
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
    public struct Geometry: Sendable, Equatable {
        public var centreX: Double
        public var centreY: Double
        public var pupilRadius: Double
        public var irisRadius: Double
    }

    public static func geometry(seed: UInt64) -> Geometry {
        var random = SimulationRandom(seed: seed, stream: 0x1215)
        return Geometry(
            centreX: Double(size.width) / 2 + random.uniform(-8...8),
            centreY: Double(size.height) / 2 + random.uniform(-6...6),
            pupilRadius: random.uniform(30...45),
            irisRadius: random.uniform(100...120))
    }

    /// `eye` through the process-wide synthesis cache (a capture and a self-test share the image).
    public static func cachedEye(seed: UInt64, appearance: Appearance) -> GrayImage {
        SynthesisCache.value("eye/\(seed)/\(appearance)") { eye(seed: seed, appearance: appearance) }
    }

    public static func eye(seed: UInt64, appearance: Appearance) -> GrayImage {
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

        // Everything that depends on the column alone (lid lines, fall-off toward the corners) is
        // tabled once, the smooth skin noise comes as a whole plane, and all of it is read through
        // pointers: in debug builds array subscripts, ranges and generic helpers are calls per pixel.
        let count = width * height
        let column = UnsafeMutablePointer<Double>.allocate(capacity: 4 * width)
        let skin = UnsafeMutablePointer<Float>.allocate(capacity: count)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        defer {
            column.deallocate()
            skin.deallocate()
            out.deallocate()
        }
        for x in 0..<width {
            // Upper lid, lower lid, sclera fall-off toward the corners, lid-margin strength.
            (column[4 * x], column[4 * x + 1]) = lids(Double(x))
            column[4 * x + 2] = 25 * pow(min(abs(Double(x) - geometry.centreX) / corners, 1), 2)
            let u = min(abs(Double(x) - geometry.centreX) / (corners * 1.1), 1)
            column[4 * x + 3] = 1 - u * u * u * u
        }
        skin.initialize(from: skinNoise.plane(width: width, height: height, gain: 10, bias: Float(skinBase)), count: count)
        let porePlane = pores.plane(width: width, height: height, gain: 4)
        porePlane.withUnsafeBufferPointer { poreBuffer in
            guard let pore = poreBuffer.baseAddress else { return }
            var index = 0
            while index < count {
                skin[index] += pore[index]
                index += 1
            }
        }
        let fibre = fibres.sampler(), crypt = crypts.sampler()
        let creaseOffset = 38 + 10 * appearance.openness
        let squash = 1 / appearance.gazeSquash
        var y = 0
        while y < height {
            let yd = Double(y)
            var x = 0
            while x < width {
                let xd = Double(x)
                let upper = column[4 * x], lower = column[4 * x + 1]
                var value: Double
                if yd > upper && yd < lower {
                    let dx = (xd - cx) * squash, dy = yd - cy
                    let r = (dx * dx + dy * dy).squareRoot()
                    let pdx = (xd - pupilX) * squash, pdy = yd - pupilY
                    let rPupil = (pdx * pdx + pdy * pdy).squareRoot()
                    if rPupil < rp {
                        value = 24
                    } else if r < ri {
                        let t = (r - rp) / (ri - rp)
                        // Fibres: noise stretched along the radius; crypts: larger dark pits.
                        let a = (atan2(dy, dx) + .pi) / (2 * .pi)
                        let fibreValue = fibre.value(a * 128, t * 5)
                        let cryptValue = crypt.value(a * 32, t * 3)
                        value = irisBase + 26 * fibreValue
                        if cryptValue > 0.25 { value -= 70 * (cryptValue - 0.25) }
                        let ring = (t - 0.32) / 0.05
                        value += 14 * exp(-ring * ring) * (1 + 0.5 * fibreValue)
                        let limbus = t > 0.8 ? (t - 0.8) / 0.2 : 0
                        value -= 35 * limbus * limbus
                        value -= 18 * exp(-(rPupil - rp) / 4)
                    } else {
                        value = scleraBase - column[4 * x + 2]
                        value -= 25 * exp(-(r - ri) / 5)
                    }
                    // Shadow cast by the upper lid and lashes, and softened lid margins.
                    value -= 40 * exp(-(yd - upper) / 9)
                    value -= 25 * exp(-(lower - yd) / 4)
                    let margin = (yd - upper) / 2.5
                    let blend = margin >= 1 ? 1 : margin * margin * (3 - 2 * margin)
                    value = value * blend + 60 * (1 - blend)
                } else {
                    value = Double(skin[y * width + x])
                    // The lid crease above the eye and the dark lid margins, fading out past the corners.
                    let along = column[4 * x + 3]
                    if yd < upper {
                        let crease = (yd - (upper - creaseOffset)) / 7
                        value -= 16 * along * exp(-crease * crease)
                    }
                    if yd <= upper { value -= 70 * along * exp(-(upper - yd) / 3) }
                    if yd >= lower { value -= 30 * along * exp(-(yd - lower) / 3) }
                }
                out[y * width + x] = UInt8(value < 0 ? 0 : (value > 255 ? 255 : value))
                x += 1
            }
            y += 1
        }
        var pixels = Array(UnsafeBufferPointer(start: out, count: count))
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

    public static func drawDisc(
        _ pixels: inout [UInt8], width: Int, height: Int, centre: SIMD2<Double>, radius: Double, value: Double,
        darkenOnly: Bool = false
    ) {
        let reach = Int(radius + 2)
        // Read once: SIMD element access is a generic call in debug builds.
        let (centreX, centreY) = (centre.x, centre.y)
        let px = Int(centreX), py = Int(centreY)
        let x0 = max(0, px - reach), x1 = min(width - 1, px + reach)
        let y0 = max(0, py - reach), y1 = min(height - 1, py + reach)
        guard x0 <= x1, y0 <= y1 else { return }
        pixels.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var y = y0
            while y <= y1 {
                let ry = Double(y) - centreY
                var x = x0
                while x <= x1 {
                    let rx = Double(x) - centreX
                    let cover = radius + 0.5 - (rx * rx + ry * ry).squareRoot()
                    if cover > 0 {
                        let old = Double(base[y * width + x])
                        var new = old + (value - old) * (cover > 1 ? 1 : cover)
                        if darkenOnly && old < new { new = old }
                        base[y * width + x] = UInt8(new < 0 ? 0 : (new > 255 ? 255 : new))
                    }
                    x += 1
                }
                y += 1
            }
        }
    }
}
