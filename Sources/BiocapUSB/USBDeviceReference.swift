import CLibUSB

/// Holds one reference on a `libusb_device`, so a device seen in a list or a hotplug event can be
/// opened later. libusb's reference counting is thread-safe.
final class USBDeviceReference: @unchecked Sendable {
    let device: OpaquePointer
    /// Keeps the context alive (libusb_exit not yet called) for as long as this reference exists.
    private let lifetime: USBContextLifetime

    init(retaining device: OpaquePointer, lifetime: USBContextLifetime) {
        self.device = device
        self.lifetime = lifetime
        libusb_ref_device(device)
    }

    deinit { libusb_unref_device(device) }

    /// Reads the device descriptor and topology (no I/O: libusb caches these).
    func info() -> USBDeviceInfo? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        var ports = [UInt8](repeating: 0, count: 8)
        let portCount = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        return USBDeviceInfo(
            vendorID: descriptor.idVendor, productID: descriptor.idProduct,
            bus: libusb_get_bus_number(device), address: libusb_get_device_address(device),
            ports: portCount > 0 ? Array(ports.prefix(Int(portCount))) : [],
            deviceClass: descriptor.bDeviceClass, bcdUSB: descriptor.bcdUSB, bcdDevice: descriptor.bcdDevice,
            speed: USBSpeed(code: libusb_get_device_speed(device)),
            configurationCount: Int(descriptor.bNumConfigurations),
            manufacturer: nil, product: nil, serial: nil
        )
    }

    /// The string descriptor indices of the device descriptor.
    func stringIndices() -> (manufacturer: UInt8, product: UInt8, serial: UInt8)? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        return (descriptor.iManufacturer, descriptor.iProduct, descriptor.iSerialNumber)
    }
}
