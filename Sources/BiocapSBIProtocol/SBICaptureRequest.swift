/// The body of `RCAPTURE /capture`, decoded leniently: every field is optional here (numbers may come as strings or
/// numbers, lists as null) so the service can answer a missing or wrong field with the SBI error that names it.
public struct SBICaptureRequest: Sendable, Codable, Hashable {
    public var env: String?
    public var purpose: String?
    public var specVersion: String?
    /// Milliseconds.
    public var timeout: String?
    public var captureTime: String?
    public var transactionId: String?
    public var bio: [Bio]?

    /// One device's part of the request.
    public struct Bio: Sendable, Codable, Hashable {
        public var type: String?
        public var count: String?
        /// The positions wanted (`Left IndexFinger` …, `Left`/`Right`, `UNKNOWN`); may be empty.
        public var bioSubType: [String]
        /// The positions that will not be presented; not returned, not counted.
        public var exception: [String]
        public var requestedScore: String?
        public var deviceId: String?
        public var deviceSubId: String?
        /// Lowercase or uppercase hex of the last hash the client holds; empty or absent on a first capture.
        public var previousHash: String?

        public init(type: String?, count: String?, bioSubType: [String] = [], exception: [String] = [],
                    requestedScore: String?, deviceId: String?, deviceSubId: String?, previousHash: String? = nil) {
            self.type = type
            self.count = count
            self.bioSubType = bioSubType
            self.exception = exception
            self.requestedScore = requestedScore
            self.deviceId = deviceId
            self.deviceSubId = deviceSubId
            self.previousHash = previousHash
        }

        enum CodingKeys: String, CodingKey {
            case type, count, bioSubType, exception, requestedScore, deviceId, deviceSubId, previousHash
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeLenientStringIfPresent(forKey: .type)
            count = try container.decodeLenientStringIfPresent(forKey: .count)
            bioSubType = try container.decodeStringListIfPresent(forKey: .bioSubType)
            exception = try container.decodeStringListIfPresent(forKey: .exception)
            requestedScore = try container.decodeLenientStringIfPresent(forKey: .requestedScore)
            deviceId = try container.decodeLenientStringIfPresent(forKey: .deviceId)
            deviceSubId = try container.decodeLenientStringIfPresent(forKey: .deviceSubId)
            previousHash = try container.decodeLenientStringIfPresent(forKey: .previousHash)
        }
    }

    public init(env: String?, purpose: String?, specVersion: String?, timeout: String?, captureTime: String?,
                transactionId: String?, bio: [Bio]?) {
        self.env = env
        self.purpose = purpose
        self.specVersion = specVersion
        self.timeout = timeout
        self.captureTime = captureTime
        self.transactionId = transactionId
        self.bio = bio
    }

    enum CodingKeys: String, CodingKey { case env, purpose, specVersion, timeout, captureTime, transactionId, bio }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        env = try container.decodeLenientStringIfPresent(forKey: .env)
        purpose = try container.decodeLenientStringIfPresent(forKey: .purpose)
        specVersion = try container.decodeLenientStringIfPresent(forKey: .specVersion)
        timeout = try container.decodeLenientStringIfPresent(forKey: .timeout)
        captureTime = try container.decodeLenientStringIfPresent(forKey: .captureTime)
        transactionId = try container.decodeLenientStringIfPresent(forKey: .transactionId)
        bio = try container.decodeIfPresent([Bio].self, forKey: .bio)
    }

    /// A transaction id MOSIP accepts: 4–50 of `A–Z a–z 0–9 -`.
    public static func isValidTransactionID(_ id: String) -> Bool {
        (4...50).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
        }
    }
}
