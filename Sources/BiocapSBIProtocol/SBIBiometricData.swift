/// The signed payload of one RCAPTURE `biometrics` entry; exactly the keys MOSIP's schema allows (`bioSubType` is
/// left out for a face: JSON null fails the schema).
public struct SBIBiometricData: Sendable, Codable, Hashable {
    /// The device's digital id as a JWS.
    public var digitalId: String
    public var deviceCode: String
    public var deviceServiceVersion: String
    public var bioType: String
    public var bioSubType: String?
    public var purpose: String
    public var env: String
    /// Base64url of the ISO/IEC 19794 record.
    public var bioValue: String
    public var transactionId: String
    /// `yyyy-MM-ddTHH:mm:ssZ`.
    public var timestamp: String
    public var requestedScore: String
    public var qualityScore: String

    public init(digitalId: String, deviceCode: String, deviceServiceVersion: String, bioType: String, bioSubType: String?,
                purpose: String, env: String, bioValue: String, transactionId: String, timestamp: String,
                requestedScore: String, qualityScore: String) {
        self.digitalId = digitalId
        self.deviceCode = deviceCode
        self.deviceServiceVersion = deviceServiceVersion
        self.bioType = bioType
        self.bioSubType = bioSubType
        self.purpose = purpose
        self.env = env
        self.bioValue = bioValue
        self.transactionId = transactionId
        self.timestamp = timestamp
        self.requestedScore = requestedScore
        self.qualityScore = qualityScore
    }
}
