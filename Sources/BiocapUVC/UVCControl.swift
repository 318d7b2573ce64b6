import BiocapDeviceKit

/// The camera-terminal and processing-unit controls biocap sets, with where each lives.
public enum UVCControl: String, Sendable, CaseIterable, Codable {
    /// CT_AE_MODE_CONTROL: 1 manual, 2 auto, 4 shutter priority, 8 aperture priority.
    case autoExposureMode = "auto-exposure-mode"
    /// CT_EXPOSURE_TIME_ABSOLUTE_CONTROL, in 100 µs units.
    case exposureTime = "exposure-time"
    /// CT_FOCUS_ABSOLUTE_CONTROL, in millimetres.
    case focus = "focus"
    /// CT_FOCUS_AUTO_CONTROL: 0 or 1.
    case autoFocus = "auto-focus"
    /// PU_GAIN_CONTROL.
    case gain = "gain"
    /// PU_WHITE_BALANCE_TEMPERATURE_CONTROL, in kelvin.
    case whiteBalanceTemperature = "white-balance-temperature"
    /// PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL: 0 or 1.
    case autoWhiteBalance = "auto-white-balance"

    /// Whether the control is on the camera terminal (else the processing unit).
    public var onCameraTerminal: Bool {
        switch self {
        case .autoExposureMode, .exposureTime, .focus, .autoFocus: true
        case .gain, .whiteBalanceTemperature, .autoWhiteBalance: false
        }
    }

    /// The control selector (wValue high byte).
    public var selector: UInt8 {
        switch self {
        case .autoExposureMode: 0x02
        case .exposureTime: 0x04
        case .focus: 0x06
        case .autoFocus: 0x08
        case .gain: 0x04
        case .whiteBalanceTemperature: 0x0a
        case .autoWhiteBalance: 0x0b
        }
    }

    /// The bit in the terminal's or unit's bmControls that advertises the control.
    public var bit: Int {
        switch self {
        case .autoExposureMode: 1
        case .exposureTime: 3
        case .focus: 5
        case .autoFocus: 17
        case .gain: 9
        case .whiteBalanceTemperature: 6
        case .autoWhiteBalance: 12
        }
    }

    /// Size of the value in bytes (little-endian; exposure is 4, focus/gain/white balance 2).
    public var length: Int {
        switch self {
        case .autoExposureMode, .autoFocus, .autoWhiteBalance: 1
        case .focus, .gain, .whiteBalanceTemperature: 2
        case .exposureTime: 4
        }
    }

    /// The controls the descriptors advertise, in declaration order.
    public static func supported(by description: UVCDeviceDescription) -> [UVCControl] {
        allCases.filter { control in
            let bitmap = control.onCameraTerminal ? description.cameraTerminal?.controls : description.processingUnit?.controls
            return (bitmap ?? 0) & (1 << UInt64(control.bit)) != 0
        }
    }
}
