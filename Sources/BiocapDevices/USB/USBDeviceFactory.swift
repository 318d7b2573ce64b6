import BiocapCore
import BiocapUSB

/// Turns an attached USB device into a device actor through the registry: the one path the daemon's
/// hotplug handling and `biocapctl --direct` both use.
public struct USBDeviceFactory: Sendable {
    public let registry: DriverRegistry

    public init(registry: DriverRegistry = .standard) {
        self.registry = registry
    }

    /// The stable device id for a USB device: `usb-` and its port path, so a sensor plugged back
    /// into the same socket keeps its id.
    public static func deviceID(for info: USBDeviceInfo) -> String { "usb-\(info.portPath)" }

    /// The driver that handles this device, if biocap supports it.
    public func driver(for info: USBDeviceInfo) -> USBDriver? { registry.usbDriver(for: info.id) }

    /// Opens the device and makes its actor (not yet `open()`ed); `nil` when no driver supports it.
    /// - Throws: `deviceFailure` naming the device when libusb cannot open it (permissions, busy).
    public func makeDevice(for attached: USBAttachedDevice, context: USBContext) throws(BiocapError) -> (any BiometricDevice)? {
        guard let driver = driver(for: attached.info) else { return nil }
        let id = Self.deviceID(for: attached.info)
        let handle: USBDeviceHandle
        do { handle = try context.open(attached) } catch {
            throw .deviceFailure(device: id, reason: "cannot open USB device \(attached.info.id) at \(attached.info.portPath): \(error)")
        }
        return driver.make(id, attached.info.location, LibUSBTransport(handle: handle))
    }
}
