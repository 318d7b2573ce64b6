import BiocapCore
import BiocapDeviceKit
import BiocapFingerprintDrivers
import BiocapUVC

/// The real USB drivers biocap ships, for `DriverRegistry.standard`.
public enum USBDrivers {
    /// The fingerprint drivers, the UVC cameras and the signature pads known by VID:PID (other UVC cameras
    /// and other pen tablets are recognised by their interfaces: `USBDeviceFactory`).
    public static let all: [USBDriver] = FingerprintDrivers.all + [UVCDriver.driver, SignaturePadDrivers.wacomSTU]
}
