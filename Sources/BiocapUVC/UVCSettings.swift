import BiocapDeviceKit

/// Control values applied before a capture streams; `nil` leaves the camera's value alone. Controls
/// the camera does not advertise are skipped.
public struct UVCSettings: Sendable, Hashable, Codable {
    /// Automatic exposure (aperture-priority, the UVC mode cameras usually default to) or manual.
    public var autoExposure: Bool?
    /// Exposure time in 100 µs units (applied with manual exposure).
    public var exposureTime: Int?
    public var gain: Int?
    public var autoFocus: Bool?
    public var focus: Int?
    public var autoWhiteBalance: Bool?
    /// Kelvin.
    public var whiteBalanceTemperature: Int?

    public init(
        autoExposure: Bool? = nil, exposureTime: Int? = nil, gain: Int? = nil, autoFocus: Bool? = nil, focus: Int? = nil,
        autoWhiteBalance: Bool? = nil, whiteBalanceTemperature: Int? = nil
    ) {
        self.autoExposure = autoExposure
        self.exposureTime = exposureTime
        self.gain = gain
        self.autoFocus = autoFocus
        self.focus = focus
        self.autoWhiteBalance = autoWhiteBalance
        self.whiteBalanceTemperature = whiteBalanceTemperature
    }

    /// The writes in a sensible order: modes before the values they unlock.
    public var writes: [(UVCControl, Int)] {
        var writes: [(UVCControl, Int)] = []
        if let autoExposure { writes.append((.autoExposureMode, autoExposure ? 8 : 1)) }
        if let exposureTime { writes.append((.exposureTime, exposureTime)) }
        if let gain { writes.append((.gain, gain)) }
        if let autoFocus { writes.append((.autoFocus, autoFocus ? 1 : 0)) }
        if let focus { writes.append((.focus, focus)) }
        if let autoWhiteBalance { writes.append((.autoWhiteBalance, autoWhiteBalance ? 1 : 0)) }
        if let whiteBalanceTemperature { writes.append((.whiteBalanceTemperature, whiteBalanceTemperature)) }
        return writes
    }
}
