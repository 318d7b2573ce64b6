/// Finger positions with their ISO/IEC 19794-4:2011 codes (Table 2): 1–10 single fingers,
/// 13–15 the plain multi-finger ("slap") positions of a 4-4-2 capture.
public enum FingerPosition: UInt8, Sendable, Codable, CaseIterable, Hashable {
    case unknown = 0
    case rightThumb = 1
    case rightIndex = 2
    case rightMiddle = 3
    case rightRing = 4
    case rightLittle = 5
    case leftThumb = 6
    case leftIndex = 7
    case leftMiddle = 8
    case leftRing = 9
    case leftLittle = 10
    case plainRightFour = 13
    case plainLeftFour = 14
    case plainThumbs = 15

    /// Whether this position is a multi-finger slap.
    public var isSlap: Bool { rawValue >= 13 }

    /// The single fingers a slap position contains, in the order they lie on the platen
    /// (left to right as seen in the image); a single finger contains itself.
    public var fingers: [FingerPosition] {
        switch self {
        case .plainRightFour: [.rightIndex, .rightMiddle, .rightRing, .rightLittle]
        case .plainLeftFour: [.leftLittle, .leftRing, .leftMiddle, .leftIndex]
        case .plainThumbs: [.leftThumb, .rightThumb]
        default: [self]
        }
    }

    /// The slap that contains this single finger, if any.
    public var slap: FingerPosition? {
        switch self {
        case .rightIndex, .rightMiddle, .rightRing, .rightLittle: .plainRightFour
        case .leftIndex, .leftMiddle, .leftRing, .leftLittle: .plainLeftFour
        case .rightThumb, .leftThumb: .plainThumbs
        default: nil
        }
    }

    /// Stable kebab-case name used in the API, e.g. `right-index`, `plain-left-four`.
    public var name: String {
        switch self {
        case .unknown: "unknown-finger"
        case .rightThumb: "right-thumb"
        case .rightIndex: "right-index"
        case .rightMiddle: "right-middle"
        case .rightRing: "right-ring"
        case .rightLittle: "right-little"
        case .leftThumb: "left-thumb"
        case .leftIndex: "left-index"
        case .leftMiddle: "left-middle"
        case .leftRing: "left-ring"
        case .leftLittle: "left-little"
        case .plainRightFour: "plain-right-four"
        case .plainLeftFour: "plain-left-four"
        case .plainThumbs: "plain-thumbs"
        }
    }

    /// The position with this stable name (`right-index`, `plain-left-four` …); `nil` for anything else.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
