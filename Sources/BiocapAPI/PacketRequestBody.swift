import BiocapCore

/// The JSON body of `POST /v1/packets`: which finished captures make up the packet, who made it,
/// and the positions recorded as exceptions.
///
/// Keys follow the API's one convention (`enrolmentID`, `operatorID`, as in every answer). The earlier
/// spellings `enrolmentId` and `operatorId` are still read, and are deprecated.
public struct PacketRequestBody: Codable, Sendable, Hashable {
    public var enrolmentID: String
    public var operatorID: String
    /// Ids of completed captures.
    public var captures: [String]
    public var exceptions: [BiometricException]?

    public init(enrolmentID: String, operatorID: String, captures: [String], exceptions: [BiometricException]? = nil) {
        self.enrolmentID = enrolmentID
        self.operatorID = operatorID
        self.captures = captures
        self.exceptions = exceptions
    }

    private enum CodingKeys: String, CodingKey {
        case enrolmentID, operatorID, captures, exceptions
        /// Deprecated spellings, read only.
        case enrolmentId, operatorId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enrolmentID = try Self.decode(container, .enrolmentID, deprecated: .enrolmentId)
        operatorID = try Self.decode(container, .operatorID, deprecated: .operatorId)
        captures = try container.decode([String].self, forKey: .captures)
        exceptions = try container.decodeIfPresent([BiometricException].self, forKey: .exceptions)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(enrolmentID, forKey: .enrolmentID)
        try container.encode(operatorID, forKey: .operatorID)
        try container.encode(captures, forKey: .captures)
        try container.encodeIfPresent(exceptions, forKey: .exceptions)
    }

    /// The value under `key`, else under its deprecated spelling; missing under both names `key`.
    private static func decode(
        _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, deprecated: CodingKeys
    ) throws -> String {
        if let value = try container.decodeIfPresent(String.self, forKey: key) { return value }
        if let value = try container.decodeIfPresent(String.self, forKey: deprecated) { return value }
        throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: container.codingPath,
                                                                   debugDescription: "missing field '\(key.stringValue)'"))
    }
}
