/// Piecewise-linear maps from a measurement to a 0…1 factor, used to keep score formulas readable.
enum Ramp {
    /// 0 at `low` or below, 1 at `high` or above, linear between (`low` > `high` ramps downwards).
    static func rising(_ value: Double, from low: Double, to high: Double) -> Double {
        guard value.isFinite else { return value > 0 ? (high >= low ? 1 : 0) : (high >= low ? 0 : 1) }
        let t = (value - low) / (high - low)
        return min(1, max(0, t))
    }

    /// 1 inside `ideal`, falling linearly to 0 at `acceptable`'s bounds.
    static func plateau(_ value: Double, ideal: ClosedRange<Double>, acceptable: ClosedRange<Double>) -> Double {
        if value < ideal.lowerBound { return rising(value, from: acceptable.lowerBound, to: ideal.lowerBound) }
        if value > ideal.upperBound { return rising(value, from: acceptable.upperBound, to: ideal.upperBound) }
        return 1
    }
}
