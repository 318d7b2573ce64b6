import BiocapCore

/// A registry entry for a real USB driver: the IDs it handles and how to make a device for one.
public struct USBDriver: Sendable {
    /// Registry name, e.g. `nb1010`.
    public var name: String
    public var modality: Modality
    /// Supported VID:PIDs with the model name of each.
    public var models: [USBID: String]
    /// Makes the device actor for one attached device.
    public var make: @Sendable (_ id: String, _ location: USBLocation, _ transport: any USBTransport) -> any BiometricDevice

    public init(
        name: String, modality: Modality, models: [USBID: String],
        make: @escaping @Sendable (_ id: String, _ location: USBLocation, _ transport: any USBTransport) -> any BiometricDevice
    ) {
        self.name = name
        self.modality = modality
        self.models = models
        self.make = make
    }
}
