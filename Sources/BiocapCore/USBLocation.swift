/// Where a USB device sits and what it says it is.
public struct USBLocation: Sendable, Codable, Hashable {
    public var vendorID: UInt16
    public var productID: UInt16
    public var bus: UInt8
    public var address: UInt8

    public init(vendorID: UInt16, productID: UInt16, bus: UInt8, address: UInt8) {
        self.vendorID = vendorID
        self.productID = productID
        self.bus = bus
        self.address = address
    }

    /// `vvvv:pppp` in lower-case hex, as `lsusb` prints it.
    public var idString: String { USBID(vendorID: vendorID, productID: productID).description }
}
