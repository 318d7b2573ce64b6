import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import BiocapEngine
import BiocapUSB
import Logging
import ServiceLifecycle

/// Follows USB arrivals and departures for the daemon's lifetime: opens supported devices as they
/// appear, marks departed ones disconnected and fails their in-flight capture at once, and re-opens
/// a device that comes back. Runs as a task in the daemon's `ServiceGroup`; all device work goes
/// through the `DeviceManager` and `CaptureManager` actors.
struct USBWatcher: Service {
    let context: USBContext
    let factory: USBDeviceFactory
    let handler: HotplugHandler
    let logger: Logger

    func run() async throws {
        logger.info("watching USB", metadata: ["libusb": "\(LibUSBVersion.string)",
                                               "hotplug": "\(context.supportsHotplug ? "libusb" : "polling")"])
        let events = context.hotplugEvents()
        // Cancelling the loop on shutdown ends the stream, whose termination deregisters the callback.
        await cancelWhenGracefulShutdown {
            var attached: [USBDeviceInfo: String] = [:]
            for await event in events {
                switch event {
                case .arrived(let device):
                    if let id = await arrive(device) { attached[device.info] = id }
                case .left(let info):
                    guard let id = attached.removeValue(forKey: info) else { continue }
                    await handler.left(id)
                }
            }
        }
    }

    private func arrive(_ device: USBAttachedDevice) async -> String? {
        guard factory.support(for: device) != nil else { return nil }
        do {
            guard let actor = try factory.makeDevice(for: device, context: context) else { return nil }
            await handler.arrived(actor)
            return USBDeviceFactory.deviceID(for: device.info)
        } catch {
            logger.error("cannot use USB device", metadata: ["usb": "\(device.info.id)", "error": "\(error)"])
            return nil
        }
    }
}
