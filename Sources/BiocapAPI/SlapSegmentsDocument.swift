import BiocapCore

/// `GET /v1/captures/{id}/segments`: the fingertips found in a captured slap. `fingers` are in image order, left to
/// right, each with its ISO position, axis-aligned `box` and `orientedBox` (pixel coordinates of the slap image; the
/// angle in degrees clockwise from vertical) and its own quality score; `missing` names the expected, not excepted
/// positions not found; `extra` counts regions beyond the expected fingers.
public struct SlapSegmentsDocument: Sendable, Codable, Hashable {
    /// The slap position (`plain-left-four` …).
    public var position: String
    public var fingers: [FingerSegment]
    public var missing: [String]
    public var extra: Int
    public var guidance: [Guidance]

    public init(position: BiometricPosition, segmentation: SlapSegmentation) {
        self.position = position.name
        fingers = segmentation.fingers
        missing = segmentation.missing.map(\.name)
        extra = segmentation.extra
        guidance = segmentation.guidance
    }
}
