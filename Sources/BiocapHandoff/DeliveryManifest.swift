import Foundation

/// `manifest.json` of a delivered packet: what the centre needs to check a packet before it opens anything. It names
/// every sealed object with the SHA-256 of its plain and sealed bytes, carries the kit's packet-manifest chain link
/// and audit head, and is signed by the kit (`manifest.sig`, raw Ed25519 over these exact bytes). Nothing personal
/// is in it: the enrolment's own manifest (enrolment id, operator, positions, quality) travels sealed, as
/// `packet-manifest.sealed`. Layout documented for the centre's implementers in `docs/handoff-format.md`.
public struct DeliveryManifest: Codable, Sendable, Hashable {
    /// The layout's name and version: `biocap-delivery/1`.
    public var format: String
    public var kitID: String
    public var packetID: String
    /// When the packet was created on the kit.
    public var createdAt: Date
    /// When this manifest was made (the packet was sealed for the centre).
    public var sealedAt: Date
    /// SHA-256 (hex) of the raw 32-byte Ed25519 public key that signs this manifest (`kit.pem`).
    public var signingKeySHA256: String
    /// The kit's own signed manifest of the enrolment, sealed like a record (record id `packet-manifest`).
    public var packetManifest: PacketManifestObject
    /// The packet-manifest chain: SHA-256 of the kit's previous packet manifest (plain bytes), nil for its first.
    public var previousManifestSHA256: String?
    /// The kit's audit log head when the packet was stored.
    public var auditHead: String?
    public var records: [RecordObject]

    public static let currentFormat = "biocap-delivery/1"

    /// One sealed biometric record.
    public struct RecordObject: Codable, Sendable, Hashable {
        public var id: String
        /// A `RecordFormat` raw value: `iso-19794-4-2011`, `iso-19794-5-2011`, `iso-19794-6-2011`, `iso-19794-7-2007` or `png`.
        public var format: String
        /// Object key relative to the packet's folder: `records/<id>.sealed`.
        public var object: String
        public var size: Int
        public var sha256: String
        public var sealedSize: Int
        public var sealedSha256: String

        public init(id: String, format: String, object: String, size: Int, sha256: String, sealedSize: Int, sealedSha256: String) {
            self.id = id
            self.format = format
            self.object = object
            self.size = size
            self.sha256 = sha256
            self.sealedSize = sealedSize
            self.sealedSha256 = sealedSha256
        }
    }

    /// The sealed packet manifest and the kit's signature over its plain bytes (base64 of the raw 64 bytes).
    public struct PacketManifestObject: Codable, Sendable, Hashable {
        /// `packet-manifest.sealed`.
        public var object: String
        public var size: Int
        public var sha256: String
        public var sealedSize: Int
        public var sealedSha256: String
        public var signature: String

        public init(object: String, size: Int, sha256: String, sealedSize: Int, sealedSha256: String, signature: String) {
            self.object = object
            self.size = size
            self.sha256 = sha256
            self.sealedSize = sealedSize
            self.sealedSha256 = sealedSha256
            self.signature = signature
        }
    }

    public init(
        kitID: String, packetID: String, createdAt: Date, sealedAt: Date, signingKeySHA256: String,
        packetManifest: PacketManifestObject, previousManifestSHA256: String?, auditHead: String?, records: [RecordObject]
    ) {
        format = Self.currentFormat
        self.kitID = kitID
        self.packetID = packetID
        self.createdAt = createdAt
        self.sealedAt = sealedAt
        self.signingKeySHA256 = signingKeySHA256
        self.packetManifest = packetManifest
        self.previousManifestSHA256 = previousManifestSHA256
        self.auditHead = auditHead
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case format, kitID = "kitId", packetID = "packetId", createdAt, sealedAt, signingKeySHA256 = "signingKeySha256"
        case packetManifest, previousManifestSHA256 = "previousManifestSha256", auditHead, records
    }

    /// The exact bytes that are uploaded and signed: sorted keys, ISO 8601 dates (UTC, fractional seconds dropped),
    /// no insignificant whitespace.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads a `manifest.json` (any key order); throws on anything that is not this layout.
    public static func decode(_ bytes: some DataProtocol) throws -> DeliveryManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest = try decoder.decode(DeliveryManifest.self, from: Data(bytes))
        guard manifest.format == currentFormat else {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.format], debugDescription: "unknown format \(manifest.format)"))
        }
        return manifest
    }
}
