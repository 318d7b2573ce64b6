import BiocapCore

/// One 14.018 AMP subfield: a finger that is amputated (`XX`) or could not be printed (`UP`, e.g. bandaged).
public struct NISTAmputation: Sendable, Hashable {
    public enum Code: String, Sendable, Hashable {
        case amputated = "XX"
        case unableToPrint = "UP"
    }

    public var finger: FingerPosition
    public var code: Code

    public init(finger: FingerPosition, code: Code) {
        self.finger = finger
        self.code = code
    }

    /// A biocap exception reason as an AMP code: missing or amputated fingers are `XX`, everything else (bandaged,
    /// injured, could not cooperate, quality too low) is `UP`.
    public init(finger: FingerPosition, reason: ExceptionReason) {
        self.init(finger: finger, code: reason == .amputated || reason == .missing ? .amputated : .unableToPrint)
    }
}
