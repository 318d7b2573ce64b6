/// The body of `STREAM /stream`: which device and sub-device to preview, for how long (milliseconds; default five minutes).
public struct SBIStreamRequest: Sendable, Codable, Hashable {
    public var deviceId: String
    public var deviceSubId: String
    public var timeout: String?

    public init(deviceId: String, deviceSubId: String, timeout: String? = nil) {
        self.deviceId = deviceId
        self.deviceSubId = deviceSubId
        self.timeout = timeout
    }

    enum CodingKeys: String, CodingKey { case deviceId, deviceSubId, timeout }

    /// Numbers are accepted as JSON numbers or strings (clients send both).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceId = try container.decodeLenientString(forKey: .deviceId)
        deviceSubId = try container.decodeLenientString(forKey: .deviceSubId)
        timeout = try container.decodeLenientStringIfPresent(forKey: .timeout)
    }
}
