import BiocapCore

/// What the bus says about one attached device, read without opening it (strings need opening:
/// see `USBContext.strings(of:)`).
public struct USBDeviceInfo: Sendable, Hashable, Codable {
    public var vendorID: UInt16
    public var productID: UInt16
    public var bus: UInt8
    public var address: UInt8
    /// Port numbers from the root hub, e.g. `[4, 2]` for port 2 of the hub on root port 4.
    public var ports: [UInt8]
    public var deviceClass: UInt8
    public var bcdUSB: UInt16
    public var bcdDevice: UInt16
    public var speed: USBSpeed
    public var configurationCount: Int
    public var manufacturer: String?
    public var product: String?
    public var serial: String?

    public var id: USBID { USBID(vendorID: vendorID, productID: productID) }
    public var location: USBLocation { USBLocation(vendorID: vendorID, productID: productID, bus: bus, address: address) }

    /// The sysfs-style port path, `1-4.2`: stable while the device stays in the same socket, unlike the address.
    /// The device's usbfs node, `/dev/bus/usb/BBB/DDD`.
    public var devicePath: String {
        func threeDigits(_ value: UInt8) -> String { String(repeating: "0", count: max(0, 3 - String(value).count)) + String(value) }
        return "/dev/bus/usb/\(threeDigits(bus))/\(threeDigits(address))"
    }

    public var portPath: String {
        ports.isEmpty ? "\(bus)-0" : "\(bus)-" + ports.map(String.init).joined(separator: ".")
    }
}
