/// The signed payload of a `MOSIPDINFO` entry's `deviceInfo`; exactly the keys MOSIP's schema allows.
public struct SBIDeviceInfo: Sendable, Codable, Hashable {
    public var deviceStatus: String
    public var deviceId: String
    public var firmware: String
    public var certification: String
    public var serviceVersion: String
    public var deviceSubId: [String]
    public var callbackId: String
    /// The digital id as a JWS signed with the device key.
    public var digitalId: String
    public var deviceCode: String
    /// `Staging`, `Developer`, `Pre-Production` or `Production`.
    public var env: String
    public var purpose: String
    public var specVersion: [String]

    public init(deviceStatus: String, deviceId: String, firmware: String, certification: String, serviceVersion: String,
                deviceSubId: [String], callbackId: String, digitalId: String, deviceCode: String, env: String,
                purpose: String, specVersion: [String]) {
        self.deviceStatus = deviceStatus
        self.deviceId = deviceId
        self.firmware = firmware
        self.certification = certification
        self.serviceVersion = serviceVersion
        self.deviceSubId = deviceSubId
        self.callbackId = callbackId
        self.digitalId = digitalId
        self.deviceCode = deviceCode
        self.env = env
        self.purpose = purpose
        self.specVersion = specVersion
    }
}
