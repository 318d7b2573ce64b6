import Foundation

/// A small seeded generator (SplitMix64): fast, 64-bit state, identical sequences on every platform,
/// so the same `SimulationOptions.seed` always yields the same images.
public struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one named sub-stream (a finger, a frame …) that does not disturb the others.
    public init(seed: UInt64, stream: UInt64) { state = SimulationRandom.mix(seed ^ SimulationRandom.mix(stream &+ 0x9E37_79B9)) }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SimulationRandom.mix(state)
    }

    /// A uniform value in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        let unit = Double(next() >> 11) * 0x1.0p-53
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }

    /// A normally distributed value (Box–Muller).
    public mutating func gaussian(mean: Double = 0, deviation: Double = 1) -> Double {
        let u1 = max(uniform(0...1), 1e-12), u2 = uniform(0...1)
        return mean + deviation * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// SplitMix64's finaliser: a good 64-bit hash, also used to derive per-frame seeds.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
