import BiocapCore
import BiocapDeviceKit
import BiocapUSB

/// One USB device opened directly through its driver, without the daemon (`biocapctl capture --direct`,
/// `diag --direct`). Holds the libusb context for as long as the device is in use.
public struct DirectUSBDevice: Sendable {
    public let context: USBContext
    public let device: any BiometricDevice
    public let info: USBDeviceInfo

    /// Finds the device named by `selector`, `usb:VVVV:PPPP` or `usb:VVVV:PPPP@PORTPATH` (e.g.
    /// `usb:298d:1010@1-4`), makes its driver's actor and opens it.
    /// - Throws: `invalidRequest` for a bad selector, `notFound` when no such device is attached or no
    ///   driver supports it, or the driver's own error when it cannot be opened.
    public static func open(_ selector: String, registry: DriverRegistry = .standard) async throws -> DirectUSBDevice {
        let (id, portPath) = try parse(selector)
        let context: USBContext
        do { context = try USBContext() } catch {
            throw BiocapError.deviceFailure(device: selector, reason: "libusb: \(error)")
        }
        let candidates = try context.devices().filter { $0.info.id == id && (portPath == nil || $0.info.portPath == portPath) }
        guard let attached = candidates.first else {
            throw BiocapError.notFound(kind: "USB device", id: selector)
        }
        let factory = USBDeviceFactory(registry: registry)
        guard let device = try factory.makeDevice(for: attached, context: context) else {
            throw BiocapError.notFound(kind: "driver for USB device", id: id.description)
        }
        try await device.open()
        return DirectUSBDevice(context: context, device: device, info: attached.info)
    }

    /// Closes the device.
    public func close() async { await device.close() }

    static func parse(_ selector: String) throws(BiocapError) -> (USBID, String?) {
        guard selector.hasPrefix("usb:") else {
            throw .invalidRequest(field: "device", reason: "a direct device is usb:VID:PID or usb:VID:PID@PORTPATH (got '\(selector)')")
        }
        let rest = selector.dropFirst(4)
        let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let id = USBID(String(parts[0])) else {
            throw .invalidRequest(field: "device", reason: "'\(parts[0])' is not a VID:PID such as 298d:1010")
        }
        return (id, parts.count == 2 ? String(parts[1]) : nil)
    }
}
