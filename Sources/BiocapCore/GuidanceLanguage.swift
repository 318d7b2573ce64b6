/// A language for operator guidance. The raw value is the ISO 639-1 code (`en`, `id`).
public enum GuidanceLanguage: String, Sendable, Codable, CaseIterable, Hashable {
    case english = "en"
    case indonesian = "id"

    /// The language for a code such as `id`, `ID`, `id-ID`, `in` (Java's old code for Indonesian) or
    /// `en_GB`; `nil` for a language we have no messages in.
    public init?(code: String) {
        let primary = code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        switch primary {
        case "en": self = .english
        case "id", "in": self = .indonesian
        default: return nil
        }
    }
}
