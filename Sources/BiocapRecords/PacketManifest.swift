import BiocapCore
import Foundation

/// What a capture packet contains and who made it; stored as JSON beside the records.
public struct PacketManifest: Sendable, Codable, Hashable {
    /// Version of this manifest layout.
    public var formatVersion: Int
    /// Unique packet id (UUID, lower case).
    public var packetID: String
    /// The enrolment (person/application) this packet belongs to, from the enrolment app.
    public var enrolmentID: String
    public var operatorID: String
    public var kitID: String
    public var createdAt: Date
    public var captures: [CaptureEntry]
    /// Positions recorded as exceptions instead of captures.
    public var exceptions: [BiometricException]
    /// SHA-256 (hex) of the exact bytes of the kit's previous stored manifest, set by the queue when it stores
    /// the packet; nil for the kit's first packet. The receiving side checks the chain for missing, replayed or
    /// reordered packets.
    public var previousManifestSHA256: String?
    /// The kit's audit log head (hash of its last entry) when the packet was stored, set by the queue.
    public var auditHead: String?

    public init(
        formatVersion: Int = 1, packetID: String, enrolmentID: String, operatorID: String, kitID: String,
        createdAt: Date, captures: [CaptureEntry], exceptions: [BiometricException], previousManifestSHA256: String? = nil,
        auditHead: String? = nil
    ) {
        self.formatVersion = formatVersion
        self.packetID = packetID
        self.enrolmentID = enrolmentID
        self.operatorID = operatorID
        self.kitID = kitID
        self.createdAt = createdAt
        self.captures = captures
        self.exceptions = exceptions
        self.previousManifestSHA256 = previousManifestSHA256
        self.auditHead = auditHead
    }
}
