import BiocapCore
import CLibUSB

/// Rebuilds a configuration descriptor's raw bytes from libusb's parsed form. libusb keeps every
/// descriptor it does not parse (class-specific ones, interface associations) in the `extra` bytes
/// of whatever precedes it, in wire order, so writing each level followed by its extras restores the
/// stream the device sent.
enum ConfigurationDescriptorBytes {
    /// The device's active configuration, serialised.
    static func active(of device: OpaquePointer) throws(USBError) -> [UInt8] {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        try USBError.check(libusb_get_active_config_descriptor(device, &config))
        guard let config else { throw .notFound }
        defer { libusb_free_config_descriptor(config) }
        return serialize(config.pointee)
    }

    static func serialize(_ config: libusb_config_descriptor) -> [UInt8] {
        var bytes: [UInt8] = [9, 0x02, 0, 0, config.bNumInterfaces, config.bConfigurationValue,
                              config.iConfiguration, config.bmAttributes, config.MaxPower]
        append(extra: config.extra, length: config.extra_length, to: &bytes)
        for interfaceIndex in 0..<Int(config.bNumInterfaces) {
            guard let interfaces = config.interface else { break }
            let interface = interfaces[interfaceIndex]
            for settingIndex in 0..<Int(interface.num_altsetting) {
                guard let settings = interface.altsetting else { break }
                appendInterface(settings[settingIndex], to: &bytes)
            }
        }
        bytes.set(UInt16(truncatingIfNeeded: bytes.count), at: 2, .littleEndian)
        return bytes
    }

    private static func appendInterface(_ setting: libusb_interface_descriptor, to bytes: inout [UInt8]) {
        bytes += [9, 0x04, setting.bInterfaceNumber, setting.bAlternateSetting, setting.bNumEndpoints,
                  setting.bInterfaceClass, setting.bInterfaceSubClass, setting.bInterfaceProtocol, setting.iInterface]
        append(extra: setting.extra, length: setting.extra_length, to: &bytes)
        for endpointIndex in 0..<Int(setting.bNumEndpoints) {
            guard let endpoints = setting.endpoint else { break }
            let endpoint = endpoints[endpointIndex]
            var fields: [UInt8] = [endpoint.bLength >= 9 ? 9 : 7, 0x05, endpoint.bEndpointAddress, endpoint.bmAttributes,
                                   ] + [UInt8].bytes(of: endpoint.wMaxPacketSize, .littleEndian) + [endpoint.bInterval]
            if endpoint.bLength >= 9 { fields += [endpoint.bRefresh, endpoint.bSynchAddress] }
            bytes += fields
            append(extra: endpoint.extra, length: endpoint.extra_length, to: &bytes)
        }
    }

    private static func append(extra: UnsafePointer<UInt8>?, length: Int32, to bytes: inout [UInt8]) {
        guard let extra, length > 0 else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(start: extra, count: Int(length)))
    }
}
