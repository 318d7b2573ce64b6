/// One object the uplink sealed for the centre and keeps until the packet is acknowledged: its name in the packet's
/// folder, its SHA-256 and size, and how far it got (a multipart upload id, or stored).
public struct OutboxObject: Sendable, Hashable {
    /// Upload order (records first, the commit marker `manifest.sig` last).
    public var ordinal: Int
    /// Key relative to the packet's folder, e.g. `records/<id>.sealed`.
    public var name: String
    /// SHA-256 (hex) of the exact bytes.
    public var sha256: String
    public var size: Int
    /// The multipart upload in progress, if one was started.
    public var uploadID: String?
    /// The store has confirmed it holds these exact bytes.
    public var stored: Bool

    public init(ordinal: Int, name: String, sha256: String, size: Int, uploadID: String? = nil, stored: Bool = false) {
        self.ordinal = ordinal
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.uploadID = uploadID
        self.stored = stored
    }
}

/// A part of a multipart upload the store has acknowledged, with what `CompleteMultipartUpload` needs again.
public struct OutboxPart: Sendable, Hashable {
    public var partNumber: Int
    public var uploadID: String
    /// SHA-256 of the part, base64 (as S3's `ChecksumSHA256`).
    public var sha256: String
    public var etag: String

    public init(partNumber: Int, uploadID: String, sha256: String, etag: String) {
        self.partNumber = partNumber
        self.uploadID = uploadID
        self.sha256 = sha256
        self.etag = etag
    }
}
