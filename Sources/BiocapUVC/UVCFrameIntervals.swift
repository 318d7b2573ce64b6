import BiocapDeviceKit

/// The frame intervals a frame descriptor allows, in 100 ns units.
public enum UVCFrameIntervals: Sendable, Hashable {
    case discrete([UInt32])
    case continuous(minimum: UInt32, maximum: UInt32, step: UInt32)

    /// The allowed interval closest to `wanted`.
    public func nearest(to wanted: UInt32) -> UInt32 {
        switch self {
        case .discrete(let values):
            return values.min { distance($0, wanted) < distance($1, wanted) } ?? wanted
        case .continuous(let minimum, let maximum, let step):
            guard minimum < maximum else { return minimum }
            let clamped = min(max(wanted, minimum), maximum)
            guard step > 0 else { return clamped }
            let steps = (UInt64(clamped - minimum) + UInt64(step) / 2) / UInt64(step)
            return UInt32(min(UInt64(maximum), UInt64(minimum) + steps * UInt64(step)))
        }
    }

    /// The shortest interval (highest frame rate).
    public var shortest: UInt32? {
        switch self {
        case .discrete(let values): values.filter { $0 > 0 }.min()
        case .continuous(let minimum, _, _): minimum
        }
    }

    private func distance(_ a: UInt32, _ b: UInt32) -> UInt32 { a > b ? a - b : b - a }
}
