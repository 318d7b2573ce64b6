import Foundation

/// One pen-down run of a simulated signature: where it starts, the lognormal components that move the pen, the span of
/// time the pen touches, and how hard it presses. Millimetres and seconds in the stroke's own time, y up.
struct HandwrittenStroke: Sendable, Hashable {
    var origin: SIMD2<Double>
    var components: [LognormalComponent]
    /// The pen touches from `touchdown` to `liftoff` (stroke time).
    var touchdown: Double
    var liftoff: Double
    /// The pressure the stroke settles at, as a fraction of the pad's maximum.
    var pressureLevel: Double
    /// Seconds the pressure takes to build after touchdown and to fall before liftoff.
    var pressureRise: Double
    var pressureFall: Double
    /// A slow swell of the pressure along the stroke (Hz, radians).
    var pressureSwellFrequency: Double
    var pressureSwellPhase: Double

    init(origin: SIMD2<Double>, components: [LognormalComponent], pressureLevel: Double, pressureRise: Double,
         pressureFall: Double, pressureSwellFrequency: Double, pressureSwellPhase: Double) {
        self.origin = origin
        self.components = components
        touchdown = components.map(\.noticeableFrom).min() ?? 0
        liftoff = max(touchdown, components.map(\.fadedBy).max() ?? 0)
        self.pressureLevel = pressureLevel
        self.pressureRise = pressureRise
        self.pressureFall = pressureFall
        self.pressureSwellFrequency = pressureSwellFrequency
        self.pressureSwellPhase = pressureSwellPhase
    }

    var duration: Double { liftoff - touchdown }

    /// The pen's position at stroke time `t`: the origin plus every component's displacement.
    func position(at t: Double) -> SIMD2<Double> {
        components.reduce(origin) { $0 + $1.displacement(at: t) }
    }

    /// The pressure (fraction of the maximum) `since` seconds after touchdown: rising from a light touch, swelling
    /// slowly, falling before the lift. Never 0 while touching (a pad reports tip only above its threshold).
    func pressure(since: Double) -> Double {
        let before = duration - since
        let envelope = min(1, 0.3 + since / pressureRise, 0.3 + before / pressureFall)
        let swell = 1 + 0.1 * sin(2 * .pi * pressureSwellFrequency * since + pressureSwellPhase)
        return min(1, max(0.01, pressureLevel * envelope * swell))
    }
}
