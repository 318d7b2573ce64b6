import BiocapCore
import BiocapDeviceKit

/// Registry entries and helpers for UVC cameras.
public enum UVCDriver {
    /// The registry entry for known UVC face cameras (registry name `uvc`).
    public static let driver = makeDriver(name: "uvc", profile: .face, models: UVCProfile.knownCameras.filter { $0.value.profile == .face }.mapValues(\.model))

    /// A registry entry that runs the cameras in `models` with `profile` (e.g. configured iris cameras).
    public static func makeDriver(name: String, profile: UVCProfile, models: [USBID: String]) -> USBDriver {
        USBDriver(name: name, modality: profile.modality, models: models) { id, location, transport in
            let usbID = USBID(vendorID: location.vendorID, productID: location.productID)
            return UVCCamera(
                id: id, transport: transport, profile: profile, model: models[usbID] ?? "UVC camera \(usbID)",
                driverName: name, location: location)
        }
    }

    /// A camera for a UVC device no registry entry names: profile from `overrides`, the known table, else face.
    public static func makeCamera(
        id: String, location: USBLocation, transport: any USBTransport, overrides: [USBID: UVCProfile] = [:]
    ) -> UVCCamera {
        let usbID = USBID(vendorID: location.vendorID, productID: location.productID)
        let profile = UVCProfile.profile(for: usbID, overrides: overrides)
        return UVCCamera(
            id: id, transport: transport, profile: profile,
            model: UVCProfile.knownCameras[usbID]?.model ?? "UVC camera \(usbID)", driverName: "uvc", location: location)
    }

    /// Whether a configuration descriptor has a video-class (0x0e) interface.
    public static func isUVC(configurationDescriptor: [UInt8]) -> Bool {
        UVCDescriptorParser.isUVC(configurationDescriptor)
    }
}
