import BiocapHID
import Foundation
import Synchronization

/// Tells, without talking to the device, whether a USB device has a HID interface whose report descriptor has a pen
/// report: it reads the descriptor the kernel already fetched for the usbhid-bound interface, in sysfs
/// (`/sys/bus/usb/devices/<port>:<config>.<interface>/<bus>:<vid>:<pid>.<n>/report_descriptor`).
///
/// Why sysfs: `USBDeviceFactory.support(for:)` must not do device I/O (it runs for every device on every hotplug and
/// for `biocapctl usb`), and a GET_DESCRIPTOR would need the device opened. The kernel's copy is after its report
/// fixups (hid-uclogic replaces some tablets' descriptors), so it only decides whether to *offer* the device: the
/// driver reads the device's own descriptor when it opens it, and refuses it clearly if that has no pen. While biocap
/// holds the interface usbhid is detached and sysfs has no descriptor, so positive answers are remembered per port
/// and VID:PID for the life of the process.
public struct HIDPenProbe: Sendable {
    /// Where USB devices appear in sysfs.
    public var root: String

    public init(root: String = "/sys/bus/usb/devices") {
        self.root = root
    }

    private static let remembered = Mutex<Set<String>>([])

    /// Whether a HID interface of the device at `portPath` (configuration descriptor `configuration`) has a pen report.
    public func hasPenReport(portPath: String, vendorID: UInt16, productID: UInt16, configuration: [UInt8]) -> Bool {
        let key = "\(root)|\(portPath)|\(vendorID):\(productID)"
        if Self.remembered.withLock({ $0.contains(key) }) { return true }
        guard configuration.count >= 9, configuration[1] == 0x02 else { return false }
        let configurationValue = configuration[5]
        let files = FileManager.default
        for interface in HIDInterface.all(inConfiguration: configuration) {
            let interfaceDirectory = "\(root)/\(portPath):\(configurationValue).\(interface.number)"
            guard let children = try? files.contentsOfDirectory(atPath: interfaceDirectory) else { continue }
            for child in children where Self.isHIDDeviceName(child) {
                let path = "\(interfaceDirectory)/\(child)/report_descriptor"
                // A report descriptor is at most 65,535 bytes (its length is a 16-bit field).
                guard let handle = FileHandle(forReadingAtPath: path) else { continue }
                let data = try? handle.read(upToCount: 65_536)
                try? handle.close()
                guard let data, let descriptor = try? HIDReportDescriptor(bytes: [UInt8](data)),
                      !PenReport.find(in: descriptor).isEmpty else { continue }
                _ = Self.remembered.withLock { $0.insert(key) }
                return true
            }
        }
        return false
    }

    /// `BBBB:VVVV:PPPP.NNNN`, the name the HID core gives a device under its interface.
    static func isHIDDeviceName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 4, parts[1].allSatisfy(\.isHexDigit) else { return false }
        let ids = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        return ids.count == 3 && ids.allSatisfy { $0.count == 4 && $0.allSatisfy(\.isHexDigit) }
    }
}
