import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import Logging

/// What the daemon does when a device arrives or leaves, apart from libusb: attach (or re-attach
/// under the same id) and open; on departure fail the in-flight capture at once with
/// `deviceDisconnected`, then mark the device disconnected and close it.
public struct HotplugHandler: Sendable {
    public let devices: DeviceManager
    public let captures: CaptureManager
    let logger: Logger

    public init(devices: DeviceManager, captures: CaptureManager, logger: Logger = Logger(label: "biocap.hotplug")) {
        self.devices = devices
        self.captures = captures
        self.logger = logger
    }

    /// A device appeared (first time, or back in the same port).
    public func arrived(_ device: any BiometricDevice) async {
        let id = await device.descriptor.id
        logger.info("USB device arrived", metadata: ["device": "\(id)"])
        await devices.attach(device)
    }

    /// A device left the bus.
    public func left(_ id: String) async {
        logger.warning("USB device left", metadata: ["device": "\(id)"])
        await captures.abort(deviceID: id, reason: .deviceDisconnected(device: id))
        await devices.detach(id)
    }
}
