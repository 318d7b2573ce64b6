import BiocapCore
import Foundation

/// Synthesises fingerprints: pure functions of a seed and parameters. A fingertip's ridges are grown
/// from an orientation field (zero-pole model, cores and deltas by pattern class) at a ridge period of
/// about 9 px (8–11 across the finger, 500 ppi), inside an elliptical pad whose pressure falls off at
/// the edge. Slaps place several such fingertips side by side at realistic angles.
enum FingerprintSynthesizer {
    /// Size of a single-finger image (500 ppi).
    static let singleSize = (width: 400, height: 500)
    /// Size of a 4-4-2 slap image (500 ppi).
    static let slapSize = (width: 1600, height: 1500)

    /// One fingertip on its own `width` × `height` canvas, pad centred and running off the bottom.
    static func fingertip(seed: UInt64, width: Int, height: Int, kind: FingerprintPattern.Kind? = nil) -> FingerprintPlanes {
        var random = SimulationRandom(seed: seed, stream: 0xF1)
        let pattern = kind.map { FingerprintPattern.make($0, using: &random, fingertipWidth: Double(width)) }
            ?? FingerprintPattern.random(using: &random, fingertipWidth: Double(width))
        let centreX = Double(width) / 2, centreY = Double(height) * 0.56
        let semiX = Double(width) * random.uniform(0.40...0.44), semiY = Double(height) * random.uniform(0.49...0.53)
        let patternOrigin = SIMD2(centreX + random.uniform(-10...10), centreY - Double(height) * 0.08)
        let rotation = random.uniform(-0.12...0.12)
        let bend = ValueNoise(seed: random.next(), cell: 70, octaves: 2)
        let periodNoise = ValueNoise(seed: random.next(), cell: 110, octaves: 2)
        let edgeNoise = ValueNoise(seed: random.next(), cell: 35, octaves: 2)
        let pressureNoise = ValueNoise(seed: random.next(), cell: 60, octaves: 2)
        let meanPeriod = random.uniform(8.7...9.4)

        // The noise fields are smooth, so sample them on a coarse grid and interpolate.
        let bendField = CoarseField(width: width, height: height) { 0.10 * bend.value($0, $1) }
        let periodField = CoarseField(width: width, height: height) { min(max(meanPeriod + 1.1 * periodNoise.value($0, $1), 8), 11) }
        let edgeField = CoarseField(width: width, height: height) { 0.035 * edgeNoise.value($0, $1) }
        let pressureField = CoarseField(width: width, height: height) { 0.9 + 0.1 * pressureNoise.value($0, $1) }

        var orientation = [Float](repeating: 0, count: width * height)
        var planes = FingerprintPlanes(width: width, height: height)
        let (cr, sr) = (cos(rotation), sin(rotation))
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let dx = Double(x) - patternOrigin.x, dy = Double(y) - patternOrigin.y
                let px = cr * dx + sr * dy, py = -sr * dx + cr * dy
                orientation[index] = Float(pattern.orientation(x: px, y: py) - rotation) + bendField.values[index]

                let ex = (Double(x) - centreX) / semiX, ey = (Double(y) - centreY) / semiY
                let radius = (ex * ex + ey * ey).squareRoot() * (1 + Double(edgeField.values[index]))
                var depth = min(max((1 - radius) / 0.2, 0), 1)
                // The pad presses hardest; the skin toward the first crease touches more lightly.
                let lower = min(max((ey - 0.35) / 0.65, 0), 1)
                depth *= (1 - 0.35 * lower * lower) * Double(pressureField.values[index])
                planes.depth[index] = UInt8(min(max(depth * 255, 0), 255))
            }
        }
        let grown = RidgeGrower.grow(width: width, height: height, orientation: orientation, period: periodField.values, seed: random.next())
        for index in grown.indices { planes.ridge[index] = UInt8(min(max((grown[index] + 1) * 127.5, 0), 255)) }
        return planes
    }

    /// `fingertip` through the process-wide synthesis cache.
    static func cachedFingertip(seed: UInt64, width: Int, height: Int) -> FingerprintPlanes {
        SynthesisCache.value("fingertip/\(seed)/\(width)x\(height)") { fingertip(seed: seed, width: width, height: height) }
    }

    /// A single-finger image: one fingertip filling a 400 × 500 frame.
    static func singleFinger(seed: UInt64, position: FingerPosition) -> FingerprintPlanes {
        cachedFingertip(seed: fingerSeed(seed, position), width: singleSize.width, height: singleSize.height)
    }

    /// A slap image (13, 14 or 15) with only the fingers in `present` placed on the platen.
    static func slap(seed: UInt64, slap: FingerPosition, present: Set<FingerPosition>) -> FingerprintPlanes {
        var image = FingerprintPlanes(width: slapSize.width, height: slapSize.height)
        for placement in slapLayout(slap) where present.contains(placement.finger) {
            let tip = cachedFingertip(seed: fingerSeed(seed, placement.finger), width: placement.width, height: placement.height)
            stamp(tip, into: &image, centreX: placement.centreX, centreY: placement.centreY, angle: placement.angle)
        }
        return image
    }

    /// Where each finger of a slap lies: centre, canvas size and tilt (radians, clockwise), left to right.
    static func slapLayout(_ slap: FingerPosition) -> [(finger: FingerPosition, centreX: Double, centreY: Double, width: Int, height: Int, angle: Double)] {
        let fingers = slap.fingers
        if slap == .plainThumbs {
            return [
                (fingers[0], 520, 760, 340, 480, 0.20),
                (fingers[1], 1080, 760, 340, 480, -0.20),
            ]
        }
        // Index, middle, ring, little for the right hand (mirrored for the left): the middle finger
        // reaches highest, the little finger lowest, and the hand fans out a little.
        let right: [(Double, Double, Int, Int, Double)] = [
            (290, 640, 300, 440, -0.16), (640, 540, 300, 460, -0.04), (975, 620, 290, 440, 0.08), (1290, 820, 260, 380, 0.22),
        ]
        let shapes = slap == .plainRightFour ? right : right.reversed().map { (1600 - $0.0, $0.1, $0.2, $0.3, -$0.4) }
        return zip(fingers, shapes).map { finger, shape in (finger, shape.0, shape.1, shape.2, shape.3, shape.4) }
    }

    /// Makes dry skin faint and broken, wet skin blotted and merged. Pure in the seed.
    static func applySkin(_ condition: SkinCondition, to planes: inout FingerprintPlanes, seed: UInt64) {
        switch condition {
        case .normal:
            return
        case .dry:
            let gaps = ValueNoise(seed: SimulationRandom.mix(seed ^ 0xD27), cell: 5, octaves: 2)
            let patches = ValueNoise(seed: SimulationRandom.mix(seed ^ 0xD28), cell: 40)
            for y in 0..<planes.height {
                for x in 0..<planes.width {
                    let index = y * planes.width + x
                    let gap = gaps.value(Double(x), Double(y)) + 0.35 * patches.value(Double(x), Double(y))
                    let keep = gap > 0.05 ? 0.15 : 0.75
                    planes.ridge[index] = UInt8(Double(planes.ridge[index]) * keep)
                }
            }
        case .wet:
            let blurred = SimulatedImageOps.boxBlur(planes.ridge, width: planes.width, height: planes.height, radiusX: 3, radiusY: 3)
            let blots = ValueNoise(seed: SimulationRandom.mix(seed ^ 0x3E7), cell: 30, octaves: 2)
            for y in 0..<planes.height {
                for x in 0..<planes.width {
                    let index = y * planes.width + x
                    let soak = 0.45 + 0.3 * blots.value(Double(x), Double(y))
                    let value = Double(blurred[index]) / 255 * 0.7 + soak
                    planes.ridge[index] = UInt8(min(max(value, 0), 1) * 255)
                }
            }
        }
    }

    /// Per-finger seed, so a finger keeps its pattern whether captured alone or in a slap.
    static func fingerSeed(_ seed: UInt64, _ finger: FingerPosition) -> UInt64 {
        SimulationRandom.mix(seed &+ 0xF00D &* UInt64(finger.rawValue + 1))
    }

    /// Copies a fingertip into a larger image rotated by `angle` about (centreX, centreY), keeping the
    /// deeper contact where two fingertips overlap.
    private static func stamp(_ tip: FingerprintPlanes, into image: inout FingerprintPlanes, centreX: Double, centreY: Double, angle: Double) {
        let (c, s) = (cos(angle), sin(angle))
        let halfW = Double(tip.width) / 2, halfH = Double(tip.height) / 2
        let extentX = abs(c) * halfW + abs(s) * halfH, extentY = abs(s) * halfW + abs(c) * halfH
        let x0 = max(0, Int(centreX - extentX)), x1 = min(image.width - 1, Int(centreX + extentX))
        let y0 = max(0, Int(centreY - extentY)), y1 = min(image.height - 1, Int(centreY + extentY))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - centreX, dy = Double(y) - centreY
                let u = Int((c * dx + s * dy + halfW).rounded(.down)), v = Int((-s * dx + c * dy + halfH).rounded(.down))
                guard u >= 0, v >= 0, u < tip.width, v < tip.height else { continue }
                let source = v * tip.width + u, target = y * image.width + x
                if tip.depth[source] > image.depth[target] {
                    image.depth[target] = tip.depth[source]
                    image.ridge[target] = tip.ridge[source]
                }
            }
        }
    }
}
