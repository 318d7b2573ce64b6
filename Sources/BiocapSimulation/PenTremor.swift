import Foundation

/// A hand tremor: an oscillation of the pen tip superimposed on the writing (and on the hovering between strokes),
/// elliptical because the wrist and fingers shake at different phases, with a slow waxing and waning.
struct PenTremor: Sendable, Hashable {
    /// Hz; pathological and enhanced physiological tremor of the hand is 4–8 Hz.
    var frequency: Double
    /// Peak deviation of the tip (mm).
    var amplitude: Double
    var phaseX: Double
    var phaseY: Double

    /// The tip's offset at device time `t` (mm).
    func offset(at t: Double) -> SIMD2<Double> {
        let waxing = 1 + 0.25 * sin(2 * .pi * 0.6 * t + phaseX)
        let angle = 2 * .pi * frequency * t
        return SIMD2(cos(angle + phaseX), 0.8 * sin(angle + phaseY)) * (amplitude * waxing)
    }
}
