/// The kind of biometric a device captures.
public enum Modality: String, Sendable, Codable, CaseIterable, Hashable {
    case finger
    case iris
    case face
    /// A handwritten signature from a signature pad: a time series of pen samples.
    case signature
}
