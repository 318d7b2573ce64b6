import Foundation

/// The 2-byte scaling value of an ISO/IEC 19794-7:2007 channel description: the number of stored units per unit
/// of measure (per metre for X/Y, per second for T/DT, per degree for tilt; see `docs/signature-records.md`).
///
/// Layout (Annex B `ScalingValue ::= SEQUENCE { exponent INTEGER (-16..15), fraction INTEGER (0..2047) }`, PER:
/// 5 bits then 11 bits, the exponent counted from its lower bound): bits 15–11 hold `exponent + 16`, bits 10–0
/// the fraction, and the value is `2^exponent × (1 + fraction / 2048)`. Representable: 2⁻¹⁶ … 65520.
public struct SignatureScalingValue: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The nearest representable scaling value (12 significant bits), or nil when `value` is not a finite number
    /// in 2⁻¹⁶ … 65520.
    public init?(nearest value: Double) {
        guard value.isFinite, value > 0 else { return nil }
        var exponent = Int(log2(value).rounded(.down))
        var fraction = Int(((value / pow(2, Double(exponent)) - 1) * 2048).rounded())
        if fraction >= 2048 {
            exponent += 1
            fraction = 0
        }
        if fraction < 0 {
            exponent -= 1
            fraction = Int(((value / pow(2, Double(exponent)) - 1) * 2048).rounded())
        }
        guard (-16...15).contains(exponent), (0...2047).contains(fraction) else { return nil }
        rawValue = UInt16(exponent + 16) << 11 | UInt16(fraction)
    }

    /// The exponent, −16 … 15.
    public var exponent: Int { Int(rawValue >> 11) - 16 }
    /// The fraction, 0 … 2047.
    public var fraction: Int { Int(rawValue & 0x07FF) }
    /// Stored units per unit of measure.
    public var value: Double { pow(2, Double(exponent)) * (1 + Double(fraction) / 2048) }

    public var description: String { "\(value)" }
}
