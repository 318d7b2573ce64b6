/// The body of `MOSIPDISC /device`.
public struct SBIDiscoverRequest: Sendable, Codable, Hashable {
    /// `Biometric Device` (all), `Finger`, `Iris` or `Face`, exact case.
    public var type: String

    public init(type: String) { self.type = type }

    /// The types a discovery may ask for.
    public static let types = ["Biometric Device", "Finger", "Iris", "Face"]
}
