/// How one position scored in one frame.
public struct ViewScore: Sendable, Codable, Hashable {
    public var position: BiometricPosition
    public var score: Int
    /// Whether this view alone would satisfy the request (threshold met, no finger missing).
    public var acceptable: Bool
    public var guidance: [Guidance]
    /// For a slap: each finger's score, named by the hand's layout, when as many fingers were found as the request
    /// expects (else the names would be guesses, and nil); nil for other positions.
    public var fingers: [FingerScore]?

    public init(position: BiometricPosition, score: Int, acceptable: Bool, guidance: [Guidance], fingers: [FingerScore]? = nil) {
        self.position = position
        self.score = score
        self.acceptable = acceptable
        self.guidance = guidance
        self.fingers = fingers
    }
}
