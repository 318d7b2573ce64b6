/// A 32-bit HID usage: the usage page in the high 16 bits, the usage id in the low 16.
public struct HIDUsage: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(page: UInt16, id: UInt16) { rawValue = UInt32(page) << 16 | UInt32(id) }

    public var page: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var id: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public static func < (lhs: HIDUsage, rhs: HIDUsage) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "0x" + String(rawValue, radix: 16) }

    // Usage pages: Generic Desktop, Digitizers, and Wacom's vendor page that mirrors the digitizer usages.
    public static let genericDesktopPage: UInt16 = 0x01
    public static let digitizerPage: UInt16 = 0x0D
    public static let wacomVendorPage: UInt16 = 0xFF0D

    // Applications.
    public static let mouse = HIDUsage(page: 0x01, id: 0x02)
    public static let digitizer = HIDUsage(page: 0x0D, id: 0x01)
    public static let pen = HIDUsage(page: 0x0D, id: 0x02)
    public static let touchScreen = HIDUsage(page: 0x0D, id: 0x04)
    public static let stylus = HIDUsage(page: 0x0D, id: 0x20)

    // Pen fields.
    public static let x = HIDUsage(page: 0x01, id: 0x30)
    public static let y = HIDUsage(page: 0x01, id: 0x31)
    public static let tipPressure = HIDUsage(page: 0x0D, id: 0x30)
    public static let inRange = HIDUsage(page: 0x0D, id: 0x32)
    public static let invert = HIDUsage(page: 0x0D, id: 0x3C)
    public static let xTilt = HIDUsage(page: 0x0D, id: 0x3D)
    public static let yTilt = HIDUsage(page: 0x0D, id: 0x3E)
    public static let tipSwitch = HIDUsage(page: 0x0D, id: 0x42)
    public static let barrelSwitch = HIDUsage(page: 0x0D, id: 0x44)
    public static let eraser = HIDUsage(page: 0x0D, id: 0x45)
    public static let scanTime = HIDUsage(page: 0x0D, id: 0x56)
    public static let secondaryBarrelSwitch = HIDUsage(page: 0x0D, id: 0x5A)

    /// The digitizer (or Generic Desktop X/Y) usage this one stands for: Wacom's vendor page 0xFF0D repeats the
    /// digitizer usages under its own page, with X and Y at 0x130 and 0x131.
    public var standard: HIDUsage {
        guard page == Self.wacomVendorPage else { return self }
        switch id {
        case 0x130: return .x
        case 0x131: return .y
        default: return HIDUsage(page: Self.digitizerPage, id: id)
        }
    }
}
