/// One finger's score in a frame of a slap: which finger (by the hand's layout) and its quality 0–100.
public struct FingerScore: Sendable, Codable, Hashable {
    public var position: FingerPosition
    public var score: Int

    public init(position: FingerPosition, score: Int) {
        self.position = position
        self.score = score
    }

    private enum CodingKeys: String, CodingKey { case position, score }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        position = try FingerPosition.decodeName(from: container, forKey: .position)
        score = try container.decode(Int.self, forKey: .score)
    }

    /// The position as its name (`left-index`), as everywhere in the API.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(position.name, forKey: .position)
        try container.encode(score, forKey: .score)
    }
}
