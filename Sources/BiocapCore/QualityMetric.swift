/// One named measurement behind a quality score, e.g. `contrast` = 0.42.
public struct QualityMetric: Sendable, Codable, Hashable {
    /// Stable kebab-case name, e.g. `foreground-coverage`, `orientation-certainty`.
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}
