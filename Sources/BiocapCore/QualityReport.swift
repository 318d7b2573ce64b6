/// A quality assessment of one image: a 0–100 score (ISO/IEC 29794 scale, higher is better), the
/// named metrics it came from, and advice for the operator, most important first.
public struct QualityReport: Sendable, Codable, Hashable {
    public var modality: Modality
    public var score: Int
    public var metrics: [QualityMetric]
    public var guidance: [Guidance]

    public init(modality: Modality, score: Int, metrics: [QualityMetric], guidance: [Guidance]) {
        self.modality = modality
        self.score = min(100, max(0, score))
        self.metrics = metrics
        self.guidance = guidance
    }

    /// The value of a named metric, if present.
    public func metric(_ name: String) -> Double? {
        metrics.first { $0.name == name }?.value
    }
}
