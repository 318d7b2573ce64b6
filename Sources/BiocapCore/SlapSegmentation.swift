/// What a slap image was segmented into: the fingertips found and labelled, the expected fingers that were
/// not found, how many finger-like regions were left over, and operator guidance about the placement.
///
/// Encoded in JSON with positions as their stable names:
/// `{"fingers": [FingerSegment], "missing": ["right-ring"], "extra": 0, "guidance": ["finger-missing"]}`.
public struct SlapSegmentation: Sendable, Codable, Hashable {
    /// The fingertips found, in image order left to right.
    public var fingers: [FingerSegment]
    /// Expected positions (the slap's fingers less the excepted ones) that were not found.
    public var missing: [FingerPosition]
    /// Finger-like regions beyond the expected fingers (a second hand, a thumb, the palm).
    public var extra: Int
    /// `place-finger` (nothing found), `finger-missing`, `extra-fingers`, `wrong-hand`; most important first.
    public var guidance: [Guidance]

    public init(fingers: [FingerSegment], missing: [FingerPosition], extra: Int, guidance: [Guidance]) {
        self.fingers = fingers
        self.missing = missing
        self.extra = extra
        self.guidance = guidance
    }

    private enum CodingKeys: String, CodingKey {
        case fingers, missing, extra, guidance
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fingers = try container.decode([FingerSegment].self, forKey: .fingers)
        let names = try container.decode([String].self, forKey: .missing)
        missing = try names.map { name in
            guard let position = FingerPosition(name: name) else {
                throw DecodingError.dataCorruptedError(forKey: .missing, in: container, debugDescription: "unknown finger position '\(name)'")
            }
            return position
        }
        extra = try container.decode(Int.self, forKey: .extra)
        guidance = try container.decode([Guidance].self, forKey: .guidance)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fingers, forKey: .fingers)
        try container.encode(missing.map(\.name), forKey: .missing)
        try container.encode(extra, forKey: .extra)
        try container.encode(guidance, forKey: .guidance)
    }
}
