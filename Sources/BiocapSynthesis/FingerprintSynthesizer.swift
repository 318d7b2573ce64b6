import BiocapCore
import Dispatch
import Foundation
import Synchronization

/// Synthesises fingerprints: pure functions of a seed and parameters. A fingertip's ridges are grown
/// from an orientation field (zero-pole model, cores and deltas by pattern class) at a ridge period of
/// about 9 px (8–11 across the finger, 500 ppi), inside an elliptical pad whose pressure falls off at
/// the edge. Slaps place several such fingertips side by side at realistic angles.
public enum FingerprintSynthesizer {
    /// Size of a single-finger image (500 ppi).
    public static let singleSize = (width: 400, height: 500)
    /// Size of a 4-4-2 slap image (500 ppi).
    public static let slapSize = (width: 1600, height: 1500)

    /// One fingertip on its own `width` × `height` canvas, pad centred and running off the bottom.
    public static func fingertip(seed: UInt64, width: Int, height: Int, kind: FingerprintPattern.Kind? = nil) -> FingerprintPlanes {
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

        var orientation = pattern.orientationField(width: width, height: height, origin: patternOrigin, rotation: rotation)
        var planes = FingerprintPlanes(width: width, height: height)
        // Where ridges must grow: each row's contact span, widened a little so edge ridges are whole.
        var spans = [Int](repeating: 0, count: 2 * height)
        orientation.withUnsafeMutableBufferPointer { orientationBuffer in
            planes.depth.withUnsafeMutableBufferPointer { depthBuffer in
                bendField.values.withUnsafeBufferPointer { bendBuffer in
                    edgeField.values.withUnsafeBufferPointer { edgeBuffer in
                        pressureField.values.withUnsafeBufferPointer { pressureBuffer in
                            spans.withUnsafeMutableBufferPointer { spanBuffer in
                                guard let angles = orientationBuffer.baseAddress, let depthOut = depthBuffer.baseAddress,
                                      let bends = bendBuffer.baseAddress, let edges = edgeBuffer.baseAddress,
                                      let pressures = pressureBuffer.baseAddress, let span = spanBuffer.baseAddress else { return }
                                var y = 0
                                while y < height {
                                    let ey = (Double(y) - centreY) / semiY
                                    // The pad presses hardest; the skin toward the first crease touches more lightly.
                                    let lowerRaw = (ey - 0.35) / 0.65
                                    let lower = lowerRaw < 0 ? 0 : (lowerRaw > 1 ? 1 : lowerRaw)
                                    let rowPressure = 1 - 0.35 * lower * lower
                                    var first = width, last = -1
                                    var x = 0
                                    while x < width {
                                        let index = y * width + x
                                        angles[index] += bends[index]
                                        let ex = (Double(x) - centreX) / semiX
                                        let radius = (ex * ex + ey * ey).squareRoot() * (1 + Double(edges[index]))
                                        let reach = (1 - radius) / 0.2
                                        if reach > 0 {
                                            let depth = (reach > 1 ? 1 : reach) * rowPressure * Double(pressures[index]) * 255
                                            depthOut[index] = UInt8(depth > 255 ? 255 : depth)
                                            if depthOut[index] > 0 {
                                                if x < first { first = x }
                                                last = x
                                            }
                                        }
                                        x += 1
                                    }
                                    let widen = 4
                                    span[2 * y] = last < 0 ? 0 : (first > widen ? first - widen : 0)
                                    span[2 * y + 1] = last < 0 ? 0 : (last + 1 + widen < width ? last + 1 + widen : width)
                                    y += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        let grown = RidgeGrower.grow(
            width: width, height: height, orientation: orientation, period: periodField.values, seed: random.next(), spans: spans)
        grown.withUnsafeBufferPointer { grownBuffer in
            planes.ridge.withUnsafeMutableBufferPointer { ridgeBuffer in
                guard let values = grownBuffer.baseAddress, let ridge = ridgeBuffer.baseAddress else { return }
                var index = 0
                while index < ridgeBuffer.count {
                    let level = (values[index] + 1) * 127.5
                    ridge[index] = UInt8(level < 0 ? 0 : (level > 255 ? 255 : level))
                    index += 1
                }
            }
        }
        return planes
    }

    /// `fingertip` through the process-wide synthesis cache.
    public static func cachedFingertip(seed: UInt64, width: Int, height: Int) -> FingerprintPlanes {
        SynthesisCache.value("fingertip/\(seed)/\(width)x\(height)") { fingertip(seed: seed, width: width, height: height) }
    }

    /// A single-finger image: one fingertip filling a 400 × 500 frame.
    public static func singleFinger(seed: UInt64, position: FingerPosition) -> FingerprintPlanes {
        cachedFingertip(seed: fingerSeed(seed, position), width: singleSize.width, height: singleSize.height)
    }

    /// A slap image (13, 14 or 15) with only the fingers in `present` placed on the platen. The
    /// fingertips are synthesised concurrently (one per core) the first time they are needed.
    public static func slap(seed: UInt64, slap: FingerPosition, present: Set<FingerPosition>) -> FingerprintPlanes {
        let placements = slapLayout(slap).filter { present.contains($0.finger) }
        let tips = Mutex<[Int: FingerprintPlanes]>([:])
        DispatchQueue.concurrentPerform(iterations: placements.count) { index in
            let placement = placements[index]
            let tip = cachedFingertip(seed: fingerSeed(seed, placement.finger), width: placement.width, height: placement.height)
            tips.withLock { $0[index] = tip }
        }
        var image = FingerprintPlanes(width: slapSize.width, height: slapSize.height)
        let made = tips.withLock { $0 }
        for (index, placement) in placements.enumerated() {
            guard let tip = made[index] else { continue }
            stamp(tip, into: &image, centreX: placement.centreX, centreY: placement.centreY, angle: placement.angle)
        }
        return image
    }

    /// Where each finger of a slap lies: centre, canvas size and tilt (radians, clockwise), left to right.
    public static func slapLayout(_ slap: FingerPosition) -> [(finger: FingerPosition, centreX: Double, centreY: Double, width: Int, height: Int, angle: Double)] {
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
    public static func applySkin(_ condition: SkinCondition, to planes: inout FingerprintPlanes, seed: UInt64) {
        let (width, height) = (planes.width, planes.height)
        switch condition {
        case .normal:
            return
        case .dry:
            let gaps = ValueNoise(seed: SimulationRandom.mix(seed ^ 0xD27), cell: 5, octaves: 2).plane(width: width, height: height)
            let patches = ValueNoise(seed: SimulationRandom.mix(seed ^ 0xD28), cell: 40).plane(width: width, height: height, gain: 0.35)
            gaps.withUnsafeBufferPointer { gapBuffer in
                patches.withUnsafeBufferPointer { patchBuffer in
                    planes.ridge.withUnsafeMutableBufferPointer { ridgeBuffer in
                        guard let gap = gapBuffer.baseAddress, let patch = patchBuffer.baseAddress,
                              let ridge = ridgeBuffer.baseAddress else { return }
                        var index = 0
                        while index < ridgeBuffer.count {
                            let keep: Float = gap[index] + patch[index] > 0.05 ? 0.15 : 0.75
                            ridge[index] = UInt8(Float(ridge[index]) * keep)
                            index += 1
                        }
                    }
                }
            }
        case .wet:
            let blurred = SimulatedImageOps.boxBlur(planes.ridge, width: width, height: height, radiusX: 3, radiusY: 3)
            let soak = ValueNoise(seed: SimulationRandom.mix(seed ^ 0x3E7), cell: 30, octaves: 2).plane(width: width, height: height, gain: 0.3, bias: 0.45)
            blurred.withUnsafeBufferPointer { blurredBuffer in
                soak.withUnsafeBufferPointer { soakBuffer in
                    planes.ridge.withUnsafeMutableBufferPointer { ridgeBuffer in
                        guard let smooth = blurredBuffer.baseAddress, let soaked = soakBuffer.baseAddress,
                              let ridge = ridgeBuffer.baseAddress else { return }
                        var index = 0
                        while index < ridgeBuffer.count {
                            let value = Float(smooth[index]) / 255 * 0.7 + soaked[index]
                            ridge[index] = UInt8((value < 0 ? 0 : (value > 1 ? 1 : value)) * 255)
                            index += 1
                        }
                    }
                }
            }
        }
    }

    /// Per-finger seed, so a finger keeps its pattern whether captured alone or in a slap.
    public static func fingerSeed(_ seed: UInt64, _ finger: FingerPosition) -> UInt64 {
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
        let (tipWidth, tipHeight, imageWidth) = (tip.width, tip.height, image.width)
        tip.depth.withUnsafeBufferPointer { tipDepthBuffer in
            tip.ridge.withUnsafeBufferPointer { tipRidgeBuffer in
                image.depth.withUnsafeMutableBufferPointer { depthBuffer in
                    image.ridge.withUnsafeMutableBufferPointer { ridgeBuffer in
                        guard let tipDepth = tipDepthBuffer.baseAddress, let tipRidge = tipRidgeBuffer.baseAddress,
                              let depth = depthBuffer.baseAddress, let ridge = ridgeBuffer.baseAddress else { return }
                        var y = y0
                        while y <= y1 {
                            let dy = Double(y) - centreY
                            // Source coordinates step by (c, -s) along a row.
                            var u = c * (Double(x0) - centreX) + s * dy + halfW
                            var v = -s * (Double(x0) - centreX) + c * dy + halfH
                            var x = x0
                            while x <= x1 {
                                if u >= 0, v >= 0 {
                                    let iu = Int(u), iv = Int(v)
                                    if iu < tipWidth, iv < tipHeight {
                                        let source = iv * tipWidth + iu, target = y * imageWidth + x
                                        if tipDepth[source] > depth[target] {
                                            depth[target] = tipDepth[source]
                                            ridge[target] = tipRidge[source]
                                        }
                                    }
                                }
                                u += c
                                v -= s
                                x += 1
                            }
                            y += 1
                        }
                    }
                }
            }
        }
    }
}
