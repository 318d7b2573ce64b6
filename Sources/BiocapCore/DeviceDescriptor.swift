/// Everything the rest of biocap knows about a device without talking to it.
public struct DeviceDescriptor: Sendable, Codable, Hashable {
    /// Stable identifier within one daemon: `sim-finger-0`, `usb-1-4` …
    public var id: String
    public var modality: Modality
    public var vendor: String
    public var model: String
    public var serial: String?
    public var firmware: String?
    /// The registry name of the driver that runs this device.
    public var driver: String
    /// Present for USB devices.
    public var usb: USBLocation?
    public var simulated: Bool
    public var capabilities: DeviceCapabilities

    public init(
        id: String, modality: Modality, vendor: String, model: String, serial: String? = nil,
        firmware: String? = nil, driver: String, usb: USBLocation? = nil, simulated: Bool,
        capabilities: DeviceCapabilities
    ) {
        self.id = id
        self.modality = modality
        self.vendor = vendor
        self.model = model
        self.serial = serial
        self.firmware = firmware
        self.driver = driver
        self.usb = usb
        self.simulated = simulated
        self.capabilities = capabilities
    }
}
