import CTurboJPEG

/// A factor TurboJPEG can scale by while it decodes (n/8: the inverse DCT itself works on fewer
/// coefficients, so a scaled decode costs less than a full one plus a resize).
public struct JPEGScalingFactor: Sendable, Equatable, CustomStringConvertible {
    /// The factor is `numerator / denominator` (libjpeg-turbo: n/8).
    public let numerator: Int
    public let denominator: Int

    /// Any factor; decoding checks it against `supported`.
    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// No scaling: the full size.
    public static let full = JPEGScalingFactor(numerator: 1, denominator: 1)

    /// The factors the installed libjpeg-turbo offers for decoding, largest reduction first.
    public static let supported: [JPEGScalingFactor] = {
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count), count > 0 else { return [.full] }
        let all = (0..<Int(count)).map { JPEGScalingFactor(numerator: Int(factors[$0].num), denominator: Int(factors[$0].denom)) }
        return all.filter { $0.numerator > 0 && $0.denominator > 0 }.sorted { $0.value < $1.value }
    }()

    /// The factor as a number (0.5 for 1/2).
    public var value: Double { Double(numerator) / Double(denominator) }

    /// A dimension after scaling, rounded up as TurboJPEG does (`TJSCALED`).
    public func scaled(_ dimension: Int) -> Int { (dimension * numerator + denominator - 1) / denominator }

    public var description: String { "\(numerator)/\(denominator)" }

    /// Whether libjpeg-turbo decodes at this factor with a SIMD inverse DCT: full size, 1/2, 1/4 and
    /// 1/8 (its 8×8, 4×4, 2×2 and 1×1 transforms). The other n/8 factors use plain C transforms: a
    /// 1920×1080 frame took 4.3 ms at 3/8 against 3.3 ms at 1/2 (`biocap-bench --camera`).
    public var hasSIMDInverseDCT: Bool { [1.0, 0.5, 0.25, 0.125].contains(value) }

    /// The strongest reduction among those with a SIMD inverse DCT (`hasSIMDInverseDCT`) that keeps
    /// the width at or above `minimumWidth`: the cheapest decode that still gives a quality gate the
    /// detail it measures. A frame already narrower than that is decoded in full.
    public static func reducing(width: Int, toAtLeast minimumWidth: Int) -> JPEGScalingFactor {
        supported.first { $0.value <= 1 && $0.hasSIMDInverseDCT && $0.scaled(width) >= minimumWidth } ?? .full
    }
}
