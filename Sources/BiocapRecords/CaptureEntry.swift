import BiocapCore
import Foundation

/// The manifest's description of one capture in a packet.
public struct CaptureEntry: Sendable, Codable, Hashable {
    /// The record holding this capture (`PacketRecord.id`).
    public var recordID: String
    public var modality: Modality
    public var position: BiometricPosition
    /// Quality score 0–100 at acceptance.
    public var quality: Int
    /// True when accepted at timeout below the requested threshold.
    public var belowThreshold: Bool
    public var device: DeviceDescriptor
    public var startedAt: Date
    public var capturedAt: Date
    public var recordFormat: RecordFormat
    /// Lower-case hex SHA-256 of the record bytes.
    public var recordSHA256: String
    public var recordSize: Int
    /// Records that go with this one (a signature's rendered image, a slap's fingertips); nil when there are none.
    public var companions: [CompanionRecord]?
    /// A slap's fingertips as found in its image (positions, boxes, scores): what ANSI/NIST-ITL 14.021 SEG carries;
    /// nil for other positions.
    public var segments: [FingerSegment]?

    public init(
        recordID: String, modality: Modality, position: BiometricPosition, quality: Int, belowThreshold: Bool,
        device: DeviceDescriptor, startedAt: Date, capturedAt: Date, recordFormat: RecordFormat,
        recordSHA256: String, recordSize: Int, companions: [CompanionRecord]? = nil, segments: [FingerSegment]? = nil
    ) {
        self.recordID = recordID
        self.modality = modality
        self.position = position
        self.quality = quality
        self.belowThreshold = belowThreshold
        self.device = device
        self.startedAt = startedAt
        self.capturedAt = capturedAt
        self.recordFormat = recordFormat
        self.recordSHA256 = recordSHA256
        self.recordSize = recordSize
        self.companions = companions
        self.segments = segments
    }
}
