/// One value in an input report, as the descriptor lays it out: where its bits are, what it means, its ranges.
public struct HIDReportField: Sendable, Hashable {
    public var usage: HIDUsage
    /// The report's id, nil when the device's reports are not numbered.
    public var reportID: UInt8?
    /// From bit 0 of the buffer read from the interrupt-IN endpoint (which starts with the Report ID when numbered).
    public var bitOffset: Int
    public var bitSize: Int
    public var logicalMinimum: Int64
    public var logicalMaximum: Int64
    public var physicalMinimum: Int64
    public var physicalMaximum: Int64
    /// HID unit code (system nibble and exponents per dimension), 0 for none.
    public var unit: UInt32
    /// Power of ten of the physical unit, normalised to -8…7 (both the 4-bit and the signed-byte forms occur).
    public var unitExponent: Int
    /// The innermost Application collection the field is in (nil outside any).
    public var application: HIDUsage?
    /// Every Application collection enclosing the field, outermost first.
    public var applications: [HIDUsage]
    /// Relative (a mouse's motion) rather than absolute (a tablet's position).
    public var isRelative: Bool

    /// The physical extent in millimetres when the unit is a length (SI cm or English inch, HID 1.11 §6.2.2.7) and the
    /// physical range is set; nil otherwise. Whether it is believable is the caller's question (some tablets lie).
    public var physicalExtentMillimetres: Double? {
        let millimetresPerUnit: Double
        switch unit {
        case 0x11: millimetresPerUnit = 10  // SI linear: centimetre
        case 0x13: millimetresPerUnit = 25.4  // English linear: inch
        default: return nil
        }
        guard physicalMaximum != physicalMinimum else { return nil }
        var scale = 1.0
        for _ in 0..<abs(unitExponent) { scale *= 10 }
        let extent = Double(physicalMaximum - physicalMinimum) * (unitExponent < 0 ? 1 / scale : scale) * millimetresPerUnit
        return extent > 0 ? extent : nil
    }

    /// Whether the value is two's complement (the logical minimum is negative).
    public var isSigned: Bool { logicalMinimum < 0 }

    /// The field's value in `report` (the bytes as read, Report ID first when numbered); nil when the report is too short.
    public func value(in report: some Collection<UInt8>) -> Int64? {
        let bytes = Array(report)
        guard bitSize > 0, bitSize <= 64, bitOffset >= 0, bitOffset + bitSize <= bytes.count * 8 else { return nil }
        var raw: UInt64 = 0
        for bit in 0..<bitSize {
            let position = bitOffset + bit
            if bytes[position / 8] >> UInt8(position % 8) & 1 == 1 { raw |= 1 << UInt64(bit) }
        }
        if isSigned, bitSize < 64, raw >> UInt64(bitSize - 1) & 1 == 1 {
            return Int64(bitPattern: raw | ~((1 << UInt64(bitSize)) - 1))
        }
        return Int64(bitPattern: raw)
    }
}
