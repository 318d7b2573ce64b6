/// A non-negative number as WSQ's tables store it: an unsigned integer and a decimal exponent, the value being
/// `integer / 10^exponent` (specification §§ on the DTT, DQT and SOF segments; NBIS `wsq/tableio.c`).
///
/// Writing scales the value up by tens until the integer field is full, which keeps five (16-bit fields) or nine
/// (32-bit fields) significant digits; reading divides by ten `exponent` times in single precision, as NBIS does,
/// so both decoders start from the same numbers.
enum WSQScaledNumber {
    /// The exponent and 16-bit integer for `value`, or nil when it is negative, not finite or 65535 or more.
    static func encode16(_ value: Float) -> (exponent: UInt8, integer: UInt16)? {
        guard value.isFinite, value >= 0, value < 65535 else { return nil }
        if value == 0 { return (0, 0) }
        var scaled = value, exponent = 0
        while scaled < 65535 {
            exponent += 1
            scaled *= 10
        }
        let integer = (Double(scaled) / 10).rounded(.toNearestOrAwayFromZero)
        guard exponent - 1 <= Int(UInt8.max), integer <= Double(UInt16.max) else { return nil }
        return (UInt8(exponent - 1), UInt16(integer))
    }

    /// The exponent and 32-bit integer for `value`, or nil when it is not finite or too large.
    static func encode32(_ value: Double) -> (exponent: UInt8, integer: UInt32)? {
        let limit = Double(UInt32.max)
        guard value.isFinite, value >= 0, value < limit else { return nil }
        if value == 0 { return (0, 0) }
        var scaled = value, exponent = 0
        while scaled < limit {
            exponent += 1
            scaled *= 10
        }
        let integer = (scaled / 10).rounded(.toNearestOrAwayFromZero)
        guard exponent - 1 <= Int(UInt8.max), integer <= limit else { return nil }
        return (UInt8(exponent - 1), UInt32(integer))
    }

    /// `integer / 10^exponent`, divided step by step in single precision.
    static func decode(integer: UInt32, exponent: UInt8) -> Float {
        var value = Float(integer)
        for _ in 0..<exponent { value /= 10 }
        return value
    }
}
