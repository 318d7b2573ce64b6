import BiocapCore

/// The JSON body of `POST /v1/packets`: which finished captures make up the packet, who made it,
/// and the positions recorded as exceptions.
public struct PacketRequestBody: Codable, Sendable {
    public var enrolmentId: String
    public var operatorId: String
    /// Ids of completed captures.
    public var captures: [String]
    public var exceptions: [BiometricException]?

    public init(enrolmentId: String, operatorId: String, captures: [String], exceptions: [BiometricException]? = nil) {
        self.enrolmentId = enrolmentId
        self.operatorId = operatorId
        self.captures = captures
        self.exceptions = exceptions
    }
}
