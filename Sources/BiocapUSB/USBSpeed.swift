import CLibUSB

/// The negotiated bus speed of a device.
public enum USBSpeed: String, Sendable, Codable {
    case unknown, low, full, high, `super`, superPlus = "super-plus"

    init(code: Int32) {
        switch code {
        case Int32(LIBUSB_SPEED_LOW.rawValue): self = .low
        case Int32(LIBUSB_SPEED_FULL.rawValue): self = .full
        case Int32(LIBUSB_SPEED_HIGH.rawValue): self = .high
        case Int32(LIBUSB_SPEED_SUPER.rawValue): self = .super
        case Int32(LIBUSB_SPEED_SUPER_PLUS.rawValue): self = .superPlus
        default: self = .unknown
        }
    }

    /// Human-readable rate, as `lsusb -t` prints it.
    public var rate: String {
        switch self {
        case .unknown: "?"
        case .low: "1.5 Mbit/s"
        case .full: "12 Mbit/s"
        case .high: "480 Mbit/s"
        case .super: "5 Gbit/s"
        case .superPlus: "10 Gbit/s"
        }
    }
}
