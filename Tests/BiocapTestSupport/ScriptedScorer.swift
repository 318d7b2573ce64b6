import BiocapCore

/// Scores a view as its first pixel value, and reports pixel 1 as `fingers-found` for slaps.
/// Lets session tests drive the state machine with exact scores.
public final class ScriptedScorer: FrameScoring {
    public init() {}

    public func assess(_ image: CapturedImage, position: BiometricPosition) -> QualityReport {
        let gray = image.gray
        var metrics = [QualityMetric(name: "scripted", value: Double(gray.pixels[0]))]
        if case .finger(let finger) = position, finger.isSlap {
            metrics.append(QualityMetric(name: "fingers-found", value: Double(gray.pixels[1])))
        }
        return QualityReport(modality: position.modality, score: Int(gray.pixels[0]), metrics: metrics, guidance: [])
    }
}
