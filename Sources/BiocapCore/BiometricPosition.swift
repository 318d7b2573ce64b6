/// Where on the body a capture comes from: a finger or slap, an eye, the face, or the hand's signature.
///
/// Encoded in JSON as its stable name (`"right-index"`, `"plain-left-four"`, `"left-iris"`, `"face"`, `"signature"`).
public enum BiometricPosition: Sendable, Hashable, Codable, CustomStringConvertible {
    case finger(FingerPosition)
    case iris(EyePosition)
    case face
    /// The subject's handwritten signature (`"signature"`).
    case signature

    /// The modality this position belongs to.
    public var modality: Modality {
        switch self {
        case .finger: .finger
        case .iris: .iris
        case .face: .face
        case .signature: .signature
        }
    }

    /// Stable name used in the API and in packet manifests.
    public var name: String {
        switch self {
        case .finger(let finger): finger.name
        case .iris(let eye): eye.name
        case .face: "face"
        case .signature: "signature"
        }
    }

    public var description: String { name }

    /// Every position biocap knows, in a stable order.
    public static let all: [BiometricPosition] =
        FingerPosition.allCases.map { .finger($0) } + EyePosition.allCases.map { .iris($0) } + [.face, .signature]

    /// Parses a stable name; `nil` for anything unknown.
    public init?(name: String) {
        guard let match = Self.all.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let position = BiometricPosition(name: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown biometric position '\(name)'")
        }
        self = position
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
