/// One channel of an ISO/IEC 19794-7:2007 signature/sign time series, in the order of the channel inclusion field.
///
/// The raw value is the channel's position in that field: bit 15 (the most significant bit of the 2-byte field)
/// is `x`, bit 0 is `rotation` (ASN.1 `ChannelInclusions` of the standard's Annex B, a PER bit map written most
/// significant bit first). Sample points carry the included channels in this order.
public enum SignatureChannel: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case x = 0, y, z, velocityX, velocityY, accelerationX, accelerationY, time, timeDelta, force, tipSwitch
    case tiltX, tiltY, azimuth, elevation, rotation

    /// The channel's bit in the 16-bit channel inclusion field.
    public var inclusionBit: UInt16 { UInt16(0x8000) >> UInt16(rawValue) }

    /// Signed channels (`SignedInt16` in Annex B) are stored offset by 32768: the stored unsigned 16-bit value is
    /// `value + 32768` (an ASN.1 PER constrained whole number counts from its lower bound).
    public var isSigned: Bool {
        switch self {
        case .x, .y, .velocityX, .velocityY, .accelerationX, .accelerationY, .tiltX, .tiltY: true
        default: false
        }
    }

    /// Bytes per value in a sample point: 1 for the tip switch (`UnsignedInt8` in Annex B), 2 for every other channel.
    public var sampleByteCount: Int { self == .tipSwitch ? 1 : 2 }

    /// The values a sample point can hold for this channel.
    public var sampleRange: ClosedRange<Int> {
        if self == .tipSwitch { return 0...255 }
        return isSigned ? -32768...32767 : 0...65535
    }

    /// The values a channel description's minimum, maximum and mean can hold (always 16 bits).
    public var descriptionRange: ClosedRange<Int> { isSigned ? -32768...32767 : 0...65535 }

    /// The standard's symbol: X, Y, Z, VX, VY, AX, AY, T, DT, F, S, TX, TY, Az, El, R.
    public var description: String {
        ["X", "Y", "Z", "VX", "VY", "AX", "AY", "T", "DT", "F", "S", "TX", "TY", "Az", "El", "R"][rawValue]
    }

    public static func < (lhs: SignatureChannel, rhs: SignatureChannel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The 16-bit wire form of a value already checked against `descriptionRange`.
    func wire16(_ value: Int) -> UInt16 { UInt16(truncatingIfNeeded: isSigned ? value + 32768 : value) }

    /// The value of a 16-bit wire form.
    func value(wire16 raw: UInt16) -> Int { isSigned ? Int(raw) - 32768 : Int(raw) }
}
