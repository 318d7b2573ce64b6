import BiocapCore
import BiocapSynthesis
import Foundation

/// A whole simulated signing as the pad samples it, sample by sample at the pad's rate: the pen comes into range and
/// approaches the first stroke, writes the strokes with hovering moves between them, lifts and moves away, and leaves
/// the pad's range (one last sample with `inRange == false`). Device time is the sample index × the sample interval.
///
/// The signature is placed in the signing box (shrunk to fit when too large); `outsideBox` places it so that 40–60 %
/// of its width runs past the box's right edge, where the pad clamps it to the surface's edge as a real one does.
/// `hovering` never touches. A shaky hand's tremor moves the pen in and out of contact alike.
struct SignatureTimeline: Sendable, Hashable {
    var samples: [PenPoint]
    /// The index of the first sample with the pen touching; nil when it never touches.
    var firstInk: Int?

    /// One raw sample in the writer's space (mm, y up) before placement.
    private struct RawSample {
        var position: SIMD2<Double>
        var pressure: Double
        var tip: Bool
        var inRange = true
    }

    init(signature: HandwrittenSignature, geometry: PadGeometry, seed: UInt64, scenario: SimulationScenario) {
        var random = SimulationRandom(seed: seed, stream: 0x504C_4143)
        let interval = 1 / max(1, geometry.samplesPerSecond)
        var raw: [RawSample] = []

        func hover(from start: SIMD2<Double>, to end: SIMD2<Double>, seconds: Double) {
            let count = max(1, Int(seconds / interval))
            for index in 0..<count {
                raw.append(RawSample(position: Self.minimumJerk(from: start, to: end, at: Double(index) / Double(count)),
                                     pressure: 0, tip: false))
            }
        }

        let strokes = signature.strokes
        if let first = strokes.first {
            let landing = first.position(at: first.touchdown)
            // The writing hand comes in from the lower right.
            let entry = landing + SIMD2(random.uniform(6...15), -random.uniform(4...10))
            hover(from: entry, to: landing, seconds: random.uniform(0.25...0.5))
        }
        var last = SIMD2<Double>.zero
        for (index, stroke) in strokes.enumerated() {
            if index > 0 {
                let gap = index < signature.penUpBefore.count ? signature.penUpBefore[index] : 0.1
                hover(from: last, to: stroke.position(at: stroke.touchdown), seconds: gap)
            }
            let count = Int(stroke.duration / interval) + 1
            for step in 0..<count {
                let since = Double(step) * interval
                raw.append(RawSample(position: stroke.position(at: stroke.touchdown + since),
                                     pressure: stroke.pressure(since: since), tip: scenario != .hovering))
            }
            last = stroke.position(at: stroke.touchdown + Double(count - 1) * interval)
        }
        if !strokes.isEmpty {
            let away = last + SIMD2(random.uniform(8...20), random.uniform(-5...5))
            hover(from: last, to: away, seconds: random.uniform(0.2...0.4))
            raw.append(RawSample(position: away, pressure: 0, tip: false, inRange: false))
        }

        let place = Self.placement(of: strokes, geometry: geometry, outside: scenario == .outsideBox, random: &random)
        let countsX = geometry.xCountsPerMillimetre ?? 1, countsY = geometry.yCountsPerMillimetre ?? 1
        samples = raw.enumerated().map { index, sample in
            let time = Double(index) * interval
            var onPad = place(sample.position)
            if let tremor = signature.tremor, sample.inRange { onPad += tremor.offset(at: time) }
            let x = Self.clamp(onPad.x * countsX, below: geometry.width)
            let y = Self.clamp(onPad.y * countsY, below: geometry.height)
            let pressure = sample.tip ? max(1, min(geometry.pressureMaximum, Int((sample.pressure * Double(geometry.pressureMaximum)).rounded()))) : 0
            return PenPoint(x: x, y: y, pressure: pressure, tip: sample.tip, inRange: sample.inRange,
                            time: .microseconds(Int64((time * 1_000_000).rounded())))
        }
        firstInk = samples.firstIndex { $0.tip }
    }

    /// The map from the writer's space (mm, y up) to the pad's surface (mm from its top-left corner, y down).
    private static func placement(of strokes: [HandwrittenStroke], geometry: PadGeometry, outside: Bool,
                                  random: inout SimulationRandom) -> (SIMD2<Double>) -> SIMD2<Double>
    {
        var low = SIMD2(Double.infinity, Double.infinity), high = -low
        for stroke in strokes {
            var t = stroke.touchdown
            while t <= stroke.liftoff {
                let point = stroke.position(at: t)
                low = pointwiseMin(low, point)
                high = pointwiseMax(high, point)
                t += 0.005
            }
        }
        guard low.x <= high.x else { return { $0 } }
        let countsX = geometry.xCountsPerMillimetre ?? 1, countsY = geometry.yCountsPerMillimetre ?? 1
        let box = geometry.box
        let boxLeft = Double(box.x) / countsX, boxTop = Double(box.y) / countsY
        let boxWidth = Double(box.width) / countsX, boxHeight = Double(box.height) / countsY
        let size = SIMD2(max(high.x - low.x, 1), max(high.y - low.y, 1))
        let scale = outside
            ? min(1, 0.8 * boxHeight / size.y)
            : min(1, 0.9 * boxWidth / size.x, 0.8 * boxHeight / size.y)
        let width = size.x * scale, height = size.y * scale
        let left = outside
            ? boxLeft + boxWidth - random.uniform(0.4...0.6) * width
            : boxLeft + random.uniform(0.03...max(0.03, 0.97 - width / boxWidth)) * boxWidth
        let top = boxTop + (boxHeight - height) / 2 + random.uniform(-0.05...0.05) * boxHeight
        return { point in SIMD2(left + (point.x - low.x) * scale, top + (high.y - point.y) * scale) }
    }

    /// A minimum-jerk move (the smooth path of an unconstrained reach) `fraction` of the way from `start` to `end`.
    private static func minimumJerk(from start: SIMD2<Double>, to end: SIMD2<Double>, at fraction: Double) -> SIMD2<Double> {
        let u = min(1, max(0, fraction))
        let s = u * u * u * (10 - 15 * u + 6 * u * u)
        return start + (end - start) * s
    }

    /// A coordinate in counts, held to `0..<limit` as a pad holds a pen beyond its edge.
    private static func clamp(_ counts: Double, below limit: Int) -> Int {
        guard counts.isFinite else { return 0 }
        return Int(min(Double(limit - 1), max(0, counts.rounded())))
    }
}
