import CLibUSB

/// A device present on the bus (from a device list or a hotplug arrival), which can be opened.
public struct USBAttachedDevice: Sendable, Hashable {
    public let info: USBDeviceInfo
    let reference: USBDeviceReference

    init(info: USBDeviceInfo, reference: USBDeviceReference) {
        self.info = info
        self.reference = reference
    }

    /// The active configuration descriptor with its class-specific descriptors, from libusb's cached
    /// copy (no device I/O, no need to open the device).
    public func activeConfigurationDescriptor() throws(USBError) -> [UInt8] {
        try ConfigurationDescriptorBytes.active(of: reference.device)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.info == rhs.info }
    public func hash(into hasher: inout Hasher) { hasher.combine(info) }
}
