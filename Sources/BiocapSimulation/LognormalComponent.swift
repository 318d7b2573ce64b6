import Foundation

/// One component of Plamondon's sigma-lognormal (Σ-Λ) model of rapid handwriting movements: a neuromuscular impulse
/// whose speed follows a lognormal of time (a skewed bell: quick rise, slower fall) while the pen's direction turns
/// evenly with the distance covered, from `startAngle` to `endAngle`. A stroke is the vector sum of overlapping
/// components; where one fades as the next rises the pen slows, so speed dips at the turns of the letters.
///
/// Millimetres and seconds, y up. Position is in closed form (no integration), so every sample is exact.
struct LognormalComponent: Sendable, Hashable {
    /// t₀: when the impulse is emitted (the speed rises after it).
    var onset: Double
    /// μ: the log of the time from the onset to the speed's median.
    var logDelay: Double
    /// σ: the log-response time; larger is a broader, more skewed speed profile.
    var logResponse: Double
    /// D: the length of the arc travelled (mm).
    var distance: Double
    var startAngle: Double
    var endAngle: Double

    /// A component whose speed peaks at `peakTime`, that moves the pen along an arc with chord `chord` (mm), turning
    /// by `turn` radians, over a time of the order of `duration` (e^μ, seconds).
    init(peakTime: Double, chord: SIMD2<Double>, turn: Double, duration: Double, logResponse: Double) {
        let length = (chord.x * chord.x + chord.y * chord.y).squareRoot()
        let direction = atan2(chord.y, chord.x)
        // An arc turning by `turn` is longer than its chord by (turn/2) / sin(turn/2).
        let half = turn / 2
        distance = abs(half) > 1e-6 ? length * half / sin(half) : length
        startAngle = direction - half
        endAngle = direction + half
        logDelay = log(max(duration, 1e-3))
        self.logResponse = logResponse
        // The lognormal's mode is e^(μ − σ²) after the onset.
        onset = peakTime - exp(logDelay - logResponse * logResponse)
    }

    /// The fraction of the arc done at time `t` (the lognormal's cumulative distribution).
    func progress(at t: Double) -> Double {
        let elapsed = t - onset
        guard elapsed > 0 else { return 0 }
        return 0.5 * (1 + erf((log(elapsed) - logDelay) / (logResponse * 2.0.squareRoot())))
    }

    /// How far the component has moved the pen by time `t` (mm).
    func displacement(at t: Double) -> SIMD2<Double> {
        let done = progress(at: t)
        guard done > 0 else { return .zero }
        let turn = endAngle - startAngle
        if abs(turn) < 1e-6 {
            return SIMD2(cos(startAngle), sin(startAngle)) * (distance * done)
        }
        let angle = startAngle + turn * done
        let radius = distance / turn
        return SIMD2(radius * (sin(angle) - sin(startAngle)), -radius * (cos(angle) - cos(startAngle)))
    }

    /// When the speed becomes noticeable (2 σ before the median on the log scale).
    var noticeableFrom: Double { onset + exp(logDelay - 2 * logResponse) }

    /// When the speed has all but faded (1.8 σ after the median).
    var fadedBy: Double { onset + exp(logDelay + 1.8 * logResponse) }
}
