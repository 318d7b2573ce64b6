/// How one position scored in one frame.
public struct ViewScore: Sendable, Codable, Hashable {
    public var position: BiometricPosition
    public var score: Int
    /// Whether this view alone would satisfy the request (threshold met, no finger missing).
    public var acceptable: Bool
    public var guidance: [Guidance]

    public init(position: BiometricPosition, score: Int, acceptable: Bool, guidance: [Guidance]) {
        self.position = position
        self.score = score
        self.acceptable = acceptable
        self.guidance = guidance
    }
}
