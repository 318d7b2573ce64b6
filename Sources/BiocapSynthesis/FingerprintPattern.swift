import Foundation

/// The Henry class of a synthetic finger and where its singular points lie, in fingertip
/// coordinates relative to the pad centre (pixels, y down).
public struct FingerprintPattern: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case leftLoop, rightLoop, whorl, arch, tentedArch
    }

    public var kind: Kind
    public var cores: [SIMD2<Double>]
    public var deltas: [SIMD2<Double>]

    /// A pattern drawn from the seed with realistic frequencies (loops most common, arches rare).
    public static func random(using random: inout SimulationRandom, fingertipWidth: Double) -> FingerprintPattern {
        let roll = random.uniform(0...1)
        let kind: Kind = roll < 0.33 ? .rightLoop : roll < 0.62 ? .leftLoop : roll < 0.88 ? .whorl : roll < 0.95 ? .tentedArch : .arch
        return make(kind, using: &random, fingertipWidth: fingertipWidth)
    }

    /// A pattern of the given class with singular points jittered by the seed.
    public static func make(_ kind: Kind, using random: inout SimulationRandom, fingertipWidth: Double) -> FingerprintPattern {
        let s = fingertipWidth / 300
        func jitter(_ x: Double, _ y: Double, _ amount: Double = 12) -> SIMD2<Double> {
            SIMD2(x * s + random.uniform(-amount...amount) * s, y * s + random.uniform(-amount...amount) * s)
        }
        switch kind {
        case .rightLoop:
            return FingerprintPattern(kind: kind, cores: [jitter(10, -25)], deltas: [jitter(-95, 95)])
        case .leftLoop:
            return FingerprintPattern(kind: kind, cores: [jitter(-10, -25)], deltas: [jitter(95, 95)])
        case .whorl:
            let centre = jitter(0, -10)
            let offset = SIMD2(random.uniform(-8...8), random.uniform(14...24)) * s
            return FingerprintPattern(
                kind: kind, cores: [centre - offset, centre + offset], deltas: [jitter(-115, 110), jitter(115, 110)])
        case .tentedArch:
            return FingerprintPattern(kind: kind, cores: [jitter(0, -5, 6)], deltas: [jitter(0, 55, 6)])
        case .arch:
            return FingerprintPattern(kind: kind, cores: [], deltas: [])
        }
    }

    /// Ridge direction (radians, mod π) at (x, y): the zero-pole model of Sherlock and Monro,
    /// θ = ½·Σ arg(z − core) − ½·Σ arg(z − delta); plain arches use a bent-line field instead.
    public func orientation(x: Double, y: Double) -> Double {
        if kind == .arch {
            let width = 110.0, height = 38.0
            let bump = exp(-(x * x) / (width * width))
            let lift = height * (1 - min(max((y + 150) / 400, 0), 1) * 0.7)
            return atan(2 * lift * x / (width * width) * bump)
        }
        var angle = 0.0
        for core in cores { angle += atan2(y - core.y, x - core.x) }
        for delta in deltas { angle -= atan2(y - delta.y, x - delta.x) }
        return angle / 2
    }

    /// `orientation(x:y:)` at every pixel of a `width` × `height` image whose pattern frame has its
    /// origin at `origin` and is turned by `rotation` (radians), in image directions. The singular
    /// points are unpacked into plain arrays first: this runs per pixel, also in debug builds.
    public func orientationField(width: Int, height: Int, origin: SIMD2<Double>, rotation: Double) -> [Float] {
        var field = [Float](repeating: 0, count: width * height)
        let (cr, sr) = (cos(rotation), sin(rotation))
        // Read once: SIMD element access is a generic call in debug builds.
        let (originX, originY) = (origin.x, origin.y)
        // Cores add their angle, deltas subtract it: one list of points with a sign each.
        let points = cores.map { ($0.x, $0.y, 1.0) } + deltas.map { ($0.x, $0.y, -1.0) }
        let pointX = points.map(\.0), pointY = points.map(\.1), sign = points.map(\.2)
        let count = points.count
        let isArch = kind == .arch
        field.withUnsafeMutableBufferPointer { buffer in
            pointX.withUnsafeBufferPointer { xs in
                pointY.withUnsafeBufferPointer { ys in
                    sign.withUnsafeBufferPointer { signs in
                        guard let out = buffer.baseAddress else { return }
                        var y = 0
                        while y < height {
                            let dy = Double(y) - originY
                            var x = 0
                            while x < width {
                                let dx = Double(x) - originX
                                let px = cr * dx + sr * dy, py = -sr * dx + cr * dy
                                var angle = 0.0
                                if isArch {
                                    angle = orientation(x: px, y: py)
                                } else if let xs = xs.baseAddress, let ys = ys.baseAddress, let signs = signs.baseAddress {
                                    var k = 0
                                    while k < count {
                                        angle += signs[k] * atan2(py - ys[k], px - xs[k])
                                        k += 1
                                    }
                                    angle *= 0.5
                                }
                                out[y * width + x] = Float(angle - rotation)
                                x += 1
                            }
                            y += 1
                        }
                    }
                }
            }
        }
        return field
    }
}
