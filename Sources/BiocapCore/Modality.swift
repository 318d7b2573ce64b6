/// The kind of biometric a device captures.
public enum Modality: String, Sendable, Codable, CaseIterable, Hashable {
    case finger
    case iris
    case face
}
