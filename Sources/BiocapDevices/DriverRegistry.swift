import BiocapCore
import BiocapDeviceKit
import BiocapSimulation
import BiocapUVC

/// Maps driver keys to drivers: VID:PID for USB devices, a name for simulated ones.
public struct DriverRegistry: Sendable {
    public private(set) var usbDrivers: [USBDriver]
    public private(set) var simulatedDrivers: [SimulatedDriver]

    public init(usbDrivers: [USBDriver] = [], simulatedDrivers: [SimulatedDriver] = []) {
        self.usbDrivers = usbDrivers
        self.simulatedDrivers = simulatedDrivers
    }

    /// Every driver biocap ships.
    public static let standard = DriverRegistry(usbDrivers: USBDrivers.all, simulatedDrivers: SimulatedDrivers.all)

    /// The driver for a USB ID, if any.
    public func usbDriver(for id: USBID) -> USBDriver? {
        usbDrivers.first { $0.models[id] != nil }
    }

    /// The simulated driver with this name (`finger`, `iris`, `face`), if any.
    public func simulatedDriver(named name: String) -> SimulatedDriver? {
        simulatedDrivers.first { $0.name == name }
    }

    /// Every USB ID some driver supports, sorted (for udev rules and `biocapctl usb`).
    public var supportedUSBIDs: [USBID] {
        usbDrivers.flatMap(\.models.keys).sorted { ($0.vendorID, $0.productID) < ($1.vendorID, $1.productID) }
    }

    /// Adds a USB driver.
    public mutating func register(_ driver: USBDriver) { usbDrivers.append(driver) }

    /// Adds a simulated driver.
    public mutating func register(_ driver: SimulatedDriver) { simulatedDrivers.append(driver) }
}
