/// Eye labels with their ISO/IEC 19794-6:2011 codes.
public enum EyePosition: UInt8, Sendable, Codable, CaseIterable, Hashable {
    case undefined = 0
    case right = 1
    case left = 2

    /// Stable name used in the API: `right-iris`, `left-iris`, `unknown-iris`.
    public var name: String {
        switch self {
        case .undefined: "unknown-iris"
        case .right: "right-iris"
        case .left: "left-iris"
        }
    }
}
