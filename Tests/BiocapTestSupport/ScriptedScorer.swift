import BiocapCore

/// Scores a view as its first pixel value, and reports pixel 1 as `fingers-found` for slaps, with the pixels after it
/// (as many as there are) as the found fingers' scores, left to right.
/// Lets session tests drive the state machine with exact scores.
public final class ScriptedScorer: FrameScoring {
    public init() {}

    public func assess(_ image: CapturedImage, position: BiometricPosition) -> QualityReport {
        let gray = image.gray
        var metrics = [QualityMetric(name: "scripted", value: Double(gray.pixels[0]))]
        if case .finger(let finger) = position, finger.isSlap {
            metrics.append(QualityMetric(name: "fingers-found", value: Double(gray.pixels[1])))
            let found = Int(gray.pixels[1])
            for ordinal in 1...max(1, found) where found > 0 && ordinal + 1 < gray.pixels.count {
                metrics.append(QualityMetric(name: "finger-score-\(ordinal)", value: Double(gray.pixels[ordinal + 1])))
            }
        }
        return QualityReport(modality: position.modality, score: Int(gray.pixels[0]), metrics: metrics, guidance: [])
    }
}
