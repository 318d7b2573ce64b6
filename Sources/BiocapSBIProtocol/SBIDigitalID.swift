/// A device's digital id: which device this is and who made it (SBI 0.9.5 §digital id). Unsigned base64url JSON in
/// discovery, a JWS inside device info and every capture's `data`.
public struct SBIDigitalID: Sendable, Codable, Hashable {
    public var serialNo: String
    public var make: String
    public var model: String
    /// `Finger`, `Iris` or `Face`.
    public var type: String
    /// Finger: `Slap`, `Single`, `Touchless`; Iris: `Single`, `Double`; Face: `Full face`.
    public var deviceSubType: String
    public var deviceProvider: String
    public var deviceProviderId: String
    /// `yyyy-MM-ddTHH:mm:ssZ` (`SBITimestamp`).
    public var dateTime: String

    public init(serialNo: String, make: String, model: String, type: String, deviceSubType: String,
                deviceProvider: String, deviceProviderId: String, dateTime: String) {
        self.serialNo = serialNo
        self.make = make
        self.model = model
        self.type = type
        self.deviceSubType = deviceSubType
        self.deviceProvider = deviceProvider
        self.deviceProviderId = deviceProviderId
        self.dateTime = dateTime
    }
}
