import CLibUSB

/// The libusb library biocap is running against.
public enum LibUSBVersion {
    /// `major.minor.micro` of the loaded libusb.
    public static var string: String {
        guard let version = libusb_get_version()?.pointee else { return "unknown" }
        return "\(version.major).\(version.minor).\(version.micro)"
    }
}
