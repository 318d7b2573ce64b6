import BiocapCore
import BiocapDeviceKit
import BiocapHID
import BiocapUVC
import BiocapUSB

/// Turns an attached USB device into a device actor: a registry driver by VID:PID, else the UVC
/// driver for any device with a video-class interface, else the generic HID pen driver (`hid-pen`, a signature
/// pad) for any device with a HID interface whose report descriptor has a pen report. The one path the daemon's
/// hotplug handling and `biocapctl --direct` both use.
public struct USBDeviceFactory: Sendable {
    public let registry: DriverRegistry
    /// Cameras configured as a modality (`biocapd --camera 1234:5678=iris`), over the known table.
    public let cameraProfiles: [USBID: UVCProfile]

    /// Finds pen tablets among HID devices (reads sysfs, never the device).
    public let hidPenProbe: HIDPenProbe

    public init(registry: DriverRegistry = .standard, cameraProfiles: [USBID: UVCProfile] = [:], hidPenProbe: HIDPenProbe = HIDPenProbe()) {
        self.registry = registry
        self.cameraProfiles = cameraProfiles
        self.hidPenProbe = hidPenProbe
    }

    /// The stable device id for a USB device: `usb-` and its port path, so a sensor plugged back
    /// into the same socket keeps its id.
    public static func deviceID(for info: USBDeviceInfo) -> String { "usb-\(info.portPath)" }

    /// How biocap would drive a device, if at all.
    public enum Support: Sendable, Equatable {
        /// A registry driver by VID:PID, with the model name.
        case driver(name: String, model: String, modality: Modality)
        /// A UVC camera run as this profile (configured, known, or an unknown camera as face).
        case camera(UVCProfile)
    }

    /// Whether and how biocap supports this device. Reads the cached configuration descriptor (no I/O).
    /// Whether and how biocap supports this device. Reads the cached configuration descriptor and, for HID
    /// devices, the kernel's copy of their report descriptors in sysfs (no device I/O).
    public func support(for device: USBAttachedDevice) -> Support? {
        if let profile = cameraProfiles[device.info.id] { return .camera(profile) }
        if let driver = registry.usbDriver(for: device.info.id) {
            return .driver(name: driver.name, model: driver.models[device.info.id] ?? "?", modality: driver.modality)
        }
        if device.info.deviceClass == 0x09 { return nil }  // hubs
        guard let descriptor = try? device.activeConfigurationDescriptor() else { return nil }
        if UVCDriver.isUVC(configurationDescriptor: descriptor) { return .camera(UVCProfile.profile(for: device.info.id)) }
        if hidPenProbe.hasPenReport(portPath: device.info.portPath, vendorID: device.info.vendorID, productID: device.info.productID,
                                    configuration: descriptor) {
            return .driver(name: HIDSignaturePad.driverName, model: PenPadModels.table[device.info.id]?.model ?? "HID pen digitizer",
                           modality: .signature)
        }
        return nil
    }

    /// Opens the device and makes its actor (not yet `open()`ed); `nil` when biocap does not support it.
    /// - Throws: `deviceFailure` naming the device when libusb cannot open it (permissions, busy).
    public func makeDevice(for attached: USBAttachedDevice, context: USBContext) throws(BiocapError) -> (any BiometricDevice)? {
        guard let support = support(for: attached) else { return nil }
        let id = Self.deviceID(for: attached.info)
        let handle: USBDeviceHandle
        do { handle = try context.open(attached) } catch {
            throw .deviceFailure(device: id, reason: "cannot open USB device \(attached.info.id) at \(attached.info.portPath): \(error)")
        }
        let transport = LibUSBTransport(handle: handle)
        let location = attached.info.location
        switch support {
        case .driver(let name, let model, _):
            if let driver = registry.usbDriver(for: attached.info.id) { return driver.make(id, location, transport) }
            guard name == HIDSignaturePad.driverName else { return nil }
            return HIDSignaturePad(id: id, location: location, transport: transport, model: model)
        case .camera:
            return UVCDriver.makeCamera(id: id, location: location, transport: transport, overrides: cameraProfiles)
        }
    }
}
