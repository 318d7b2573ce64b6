import Foundation

/// `GET /v1/uplink`: whether and how the kit's packets reach the centre's store.
public struct UplinkStatus: Codable, Sendable, Hashable {
    /// False when the daemon has no `"uplink"` settings (packets wait for an external uploader).
    public var configured: Bool
    /// `idle` (nothing to send), `sending`, `retrying` (the store cannot be reached; waiting before the next try),
    /// `refused` (the store refuses the kit's credentials: an operator must act), or `off`.
    public var state: String
    /// Whether the store answered the last request at all (nil before the first request).
    public var online: Bool?
    public var endpoint: String?
    public var bucket: String?
    /// Where this kit's packets go: `<prefix>/kits/<kit-id>/`.
    public var kitFolder: String?
    /// Packets not yet delivered (pending or being sent) and their record bytes.
    public var waitingPackets: Int
    public var waitingBytes: Int
    /// Packets being sent now, with their progress.
    public var sending: [UplinkProgress]
    /// Packets delivered since the daemon started.
    public var deliveredSinceStart: Int
    public var bytesSentSinceStart: Int
    public var lastSuccessAt: Date?
    public var lastDeliveredPacketID: String?
    /// The last failure, in words (nil after a success).
    public var lastError: String?
    public var lastErrorAt: Date?
    /// When the next attempt is due while retrying or refused.
    public var nextAttemptAt: Date?

    public init(
        configured: Bool, state: String, online: Bool? = nil, endpoint: String? = nil, bucket: String? = nil, kitFolder: String? = nil,
        waitingPackets: Int = 0, waitingBytes: Int = 0, sending: [UplinkProgress] = [], deliveredSinceStart: Int = 0,
        bytesSentSinceStart: Int = 0, lastSuccessAt: Date? = nil, lastDeliveredPacketID: String? = nil, lastError: String? = nil,
        lastErrorAt: Date? = nil, nextAttemptAt: Date? = nil
    ) {
        self.configured = configured
        self.state = state
        self.online = online
        self.endpoint = endpoint
        self.bucket = bucket
        self.kitFolder = kitFolder
        self.waitingPackets = waitingPackets
        self.waitingBytes = waitingBytes
        self.sending = sending
        self.deliveredSinceStart = deliveredSinceStart
        self.bytesSentSinceStart = bytesSentSinceStart
        self.lastSuccessAt = lastSuccessAt
        self.lastDeliveredPacketID = lastDeliveredPacketID
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.nextAttemptAt = nextAttemptAt
    }

}

/// One packet on its way: bytes of its sealed objects the store has confirmed, of how many.
public struct UplinkProgress: Codable, Sendable, Hashable {
    public var packetID: String
    public var sentBytes: Int
    public var totalBytes: Int
    public var objectsStored: Int
    public var objectsTotal: Int

    public init(packetID: String, sentBytes: Int, totalBytes: Int, objectsStored: Int, objectsTotal: Int) {
        self.packetID = packetID
        self.sentBytes = sentBytes
        self.totalBytes = totalBytes
        self.objectsStored = objectsStored
        self.objectsTotal = objectsTotal
    }

}
