/// One entry of a `MOSIPDISC` answer; exactly the keys MOSIP's schema allows.
public struct SBIDiscoveredDevice: Sendable, Codable, Hashable {
    public var deviceId: String
    /// `Ready`, `Busy`, `Not Ready` or `Not Registered`.
    public var deviceStatus: String
    /// `L0` (biocap signs with its own device key) or `L1`.
    public var certification: String
    public var serviceVersion: String
    public var deviceSubId: [String]
    /// `http://127.0.0.1:<port>/`.
    public var callbackId: String
    /// The digital id as unsigned base64url JSON.
    public var digitalId: String
    public var deviceCode: String
    public var specVersion: [String]
    public var purpose: String
    public var error: SBIErrorInfo

    public init(deviceId: String, deviceStatus: String, certification: String, serviceVersion: String, deviceSubId: [String],
                callbackId: String, digitalId: String, deviceCode: String, specVersion: [String], purpose: String,
                error: SBIErrorInfo) {
        self.deviceId = deviceId
        self.deviceStatus = deviceStatus
        self.certification = certification
        self.serviceVersion = serviceVersion
        self.deviceSubId = deviceSubId
        self.callbackId = callbackId
        self.digitalId = digitalId
        self.deviceCode = deviceCode
        self.specVersion = specVersion
        self.purpose = purpose
        self.error = error
    }
}
