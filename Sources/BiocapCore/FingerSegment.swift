/// One fingertip (distal phalanx) found in a slap image: which finger it is, where it lies and the finger
/// model's score of it.
///
/// Encoded in JSON as `{"position": "left-index", "box": {"x", "y", "width", "height"},
/// "orientedBox": {"centreX", "centreY", "width", "height", "angle"}, "score"}`.
public struct FingerSegment: Sendable, Codable, Hashable {
    /// An axis-aligned rectangle in input pixels; `x`, `y` is the top-left corner.
    public struct Box: Sendable, Codable, Hashable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// A rectangle along the finger's axis, in input pixels: `height` runs along the finger, `width` across it.
    public struct OrientedBox: Sendable, Codable, Hashable {
        public var centreX: Double
        public var centreY: Double
        public var width: Double
        public var height: Double
        /// The finger's tilt in degrees clockwise from vertical (positive: the fingertip leans to the right).
        public var angle: Double

        public init(centreX: Double, centreY: Double, width: Double, height: Double, angle: Double) {
            self.centreX = centreX
            self.centreY = centreY
            self.width = width
            self.height = height
            self.angle = angle
        }
    }

    /// The single finger (ISO/IEC 19794-4 position), e.g. `left-index`.
    public var position: FingerPosition
    /// The fingertip's axis-aligned bounding box: what receiving systems usually crop.
    public var box: Box
    /// The fingertip's box along its axis.
    public var orientedBox: OrientedBox
    /// The finger model's quality score of the fingertip, 0–100.
    public var score: Int

    public init(position: FingerPosition, box: Box, orientedBox: OrientedBox, score: Int) {
        self.position = position
        self.box = box
        self.orientedBox = orientedBox
        self.score = score
    }

    private enum CodingKeys: String, CodingKey {
        case position, box, orientedBox, score
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        position = try FingerPosition.decodeName(from: container, forKey: .position)
        box = try container.decode(Box.self, forKey: .box)
        orientedBox = try container.decode(OrientedBox.self, forKey: .orientedBox)
        score = try container.decode(Int.self, forKey: .score)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(position.name, forKey: .position)
        try container.encode(box, forKey: .box)
        try container.encode(orientedBox, forKey: .orientedBox)
        try container.encode(score, forKey: .score)
    }
}

extension FingerPosition {
    /// Decodes a position written as its stable name (how segmentations carry positions in JSON).
    static func decodeName<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> FingerPosition {
        let name = try container.decode(String.self, forKey: key)
        guard let position = FingerPosition(name: name) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "unknown finger position '\(name)'")
        }
        return position
    }
}
