import BiocapCore
import BiocapDeviceKit
import BiocapFingerprintDrivers
import BiocapUVC

/// The real USB drivers biocap ships, for `DriverRegistry.standard`.
public enum USBDrivers {
    /// The fingerprint drivers and the UVC cameras known by VID:PID (other UVC cameras are recognised
    /// by their video interface: `USBDeviceFactory`).
    public static let all: [USBDriver] = FingerprintDrivers.all + [UVCDriver.driver]
}
