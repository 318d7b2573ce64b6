import BiocapCore
import BiocapDeviceKit
import BiocapFingerprintDrivers
import BiocapUVC

/// The real USB drivers biocap ships, for `DriverRegistry.standard`.
public enum USBDrivers {
    /// The fingerprint drivers, the UVC cameras and the signature pads known by VID:PID (other UVC cameras
    /// and other pen tablets are recognised by their interfaces: `USBDeviceFactory`).
    /// Under `BIOCAP_DEVICE_EMULATION=1` (replays of recorded sessions) the uru4000 driver sends the seeds
    /// libfprint's emulation mode sent when the session was recorded; otherwise random ones.
    public static let all: [USBDriver] = FingerprintDrivers.all(uru4000Seeds: DeviceEmulation.isRequested ? .libfprintEmulation : .systemRandom)
        + [UVCDriver.driver, SignaturePadDrivers.wacomSTU]
}
