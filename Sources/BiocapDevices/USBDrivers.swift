import BiocapCore

/// The real USB fingerprint drivers biocap ships, for `DriverRegistry.standard`.
public enum USBDrivers {
    /// NEXT NB-1010-U, AuthenTec AES3500, UPEK TouchChip (upektc_img), and the UVC cameras known by
    /// VID:PID (other UVC cameras are recognised by their video interface: `USBDeviceFactory`).
    public static let all: [USBDriver] = [
        registryEntry(for: NB1010Driver.self),
        registryEntry(for: AES3500Driver.self),
        registryEntry(for: UpekTCImgDriver.self),
        UVCDriver.driver,
    ]

    /// A registry entry that runs `driver` behind a `USBFingerprintDevice`.
    public static func registryEntry<Driver: FingerprintSensorDriver>(for driver: Driver.Type) -> USBDriver {
        USBDriver(name: Driver.name, modality: .finger, models: Driver.models) { id, location, transport in
            USBFingerprintDevice<Driver>(id: id, location: location, transport: transport)
        }
    }
}
