import BiocapCore
import BiocapDeviceKit

/// The USB fingerprint drivers biocap ships, each run behind a `USBFingerprintDevice`.
public enum FingerprintDrivers {
    /// NEXT NB-1010-U, AuthenTec AES3500, UPEK TouchChip (upektc_img).
    public static let all: [USBDriver] = [
        registryEntry(for: NB1010Driver.self),
        registryEntry(for: AES3500Driver.self),
        registryEntry(for: UpekTCImgDriver.self),
    ]

    /// A registry entry that runs `driver` behind a `USBFingerprintDevice`.
    public static func registryEntry<Driver: FingerprintSensorDriver>(for driver: Driver.Type) -> USBDriver {
        USBDriver(name: Driver.name, modality: .finger, models: Driver.models) { id, location, transport in
            USBFingerprintDevice<Driver>(id: id, location: location, transport: transport)
        }
    }
}
