import BiocapDeviceKit

/// UVC class-specific request codes (bRequest) and the bmRequestType values for interface recipients.
public enum UVCRequest: UInt8, Sendable, CaseIterable {
    case setCurrent = 0x01
    case getCurrent = 0x81
    case getMinimum = 0x82
    case getMaximum = 0x83
    case getResolution = 0x84
    case getLength = 0x85
    case getInfo = 0x86
    case getDefault = 0x87

    /// Class request, interface recipient, host to device.
    public static let requestTypeOut: UInt8 = 0x21
    /// Class request, interface recipient, device to host.
    public static let requestTypeIn: UInt8 = 0xa1

    /// VS_PROBE_CONTROL and VS_COMMIT_CONTROL selectors.
    public static let probeControl: UInt8 = 0x01
    public static let commitControl: UInt8 = 0x02
    /// VS_STILL_PROBE_CONTROL, VS_STILL_COMMIT_CONTROL and VS_STILL_IMAGE_TRIGGER_CONTROL selectors.
    public static let stillProbeControl: UInt8 = 0x03
    public static let stillCommitControl: UInt8 = 0x04
    public static let stillImageTriggerControl: UInt8 = 0x05
}
