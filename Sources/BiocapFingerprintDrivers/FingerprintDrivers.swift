import BiocapCore
import BiocapDeviceKit

/// The USB fingerprint drivers biocap ships, each run behind a `USBFingerprintDevice`.
public enum FingerprintDrivers {
    /// NEXT NB-1010-U, AuthenTec AES3500, UPEK TouchChip (upektc_img), DigitalPersona U.are.U 4000 family
    /// and Microsoft readers (uru4000, random image-encryption seeds), Validity VFS301/VFS300 (its own line
    /// selection), and the swipe sensors AuthenTec AES2501/AES2500 (aes2501), Egis 0570 (egis0570), Elan (elan),
    /// Validity VFS5011 family (vfs5011) and VFS0050 (vfs0050), assembled by `SwipeAssembler`, and the Validity
    /// VFS7552 press sensor (vfs7552, background-subtracted and doubled).
    public static let all: [USBDriver] = all(uru4000Seeds: .systemRandom)

    /// Every driver, the uru4000 one drawing its image-encryption seeds from `uru4000Seeds`.
    public static func all(uru4000Seeds: URU4000SeedSource) -> [USBDriver] {
        [
            registryEntry(for: NB1010Driver.self),
            registryEntry(for: AES3500Driver.self),
            registryEntry(for: UpekTCImgDriver.self),
            uru4000Entry(seedSource: uru4000Seeds),
            registryEntry(for: VFS301Driver.self),
            registryEntry(for: AES2501Driver.self),
            registryEntry(for: Egis0570Driver.self),
            elanEntry(),
            registryEntry(for: VFS5011Driver.self),
            registryEntry(for: VFS0050Driver.self),
            registryEntry(for: VFS7552Driver.self),
        ]
    }

    /// The elan entry: each device gets the quirks of its USB ID.
    public static func elanEntry() -> USBDriver {
        USBDriver(name: ElanDriver.name, modality: .finger, models: ElanDriver.models) { id, location, transport in
            let quirks = ElanIDTable.quirks(for: USBID(vendorID: location.vendorID, productID: location.productID))
            return USBFingerprintDevice(id: id, location: location, transport: transport, driver: ElanDriver(quirks: quirks))
        }
    }

    /// The uru4000 entry: each device gets the profile of its USB ID.
    public static func uru4000Entry(seedSource: URU4000SeedSource) -> USBDriver {
        USBDriver(name: URU4000Driver.name, modality: .finger, models: URU4000Driver.models) { id, location, transport in
            let profile = URU4000IDTable.profile(for: USBID(vendorID: location.vendorID, productID: location.productID))
            return USBFingerprintDevice(id: id, location: location, transport: transport,
                                        driver: URU4000Driver(profile: profile, seedSource: seedSource))
        }
    }

    /// A registry entry that runs `driver` behind a `USBFingerprintDevice`.
    public static func registryEntry<Driver: FingerprintSensorDriver>(for driver: Driver.Type) -> USBDriver {
        USBDriver(name: Driver.name, modality: .finger, models: Driver.models) { id, location, transport in
            USBFingerprintDevice<Driver>(id: id, location: location, transport: transport)
        }
    }
}
