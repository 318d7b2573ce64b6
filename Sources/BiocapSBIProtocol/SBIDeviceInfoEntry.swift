/// One entry of a `MOSIPDINFO` answer: the signed device info (absent in an error entry) and its error object.
public struct SBIDeviceInfoEntry: Sendable, Codable, Hashable {
    /// A JWS whose payload is an `SBIDeviceInfo`.
    public var deviceInfo: String?
    public var error: SBIErrorInfo

    public init(deviceInfo: String?, error: SBIErrorInfo) {
        self.deviceInfo = deviceInfo
        self.error = error
    }
}
