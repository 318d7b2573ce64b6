import BiocapCore

/// Scores a signature from its pen samples: is it complete (long enough in time and path), inside the box, written
/// with the pen on the pad, and followed well by the pad (no lost samples). A shaking hand is not marked down: an
/// elderly signer's shaky signature is still theirs (and tremor cannot be told from fast writing by the path alone). 0–100 with named
/// metrics (`MetricName` signature section) and guidance, most important first.
///
/// Lengths are in millimetres: from the pad's resolution, or — for a pad that does not say — as if the signing box
/// were 100 mm wide (`resolution-known` = 0 says so). Pure and cheap: the capture session calls it on the growing
/// trace for live progress.
public struct SignatureQuality: Sendable {
    public init() {}

    /// Width assumed for a signing box whose pad gives no physical size.
    static let assumedBoxWidthMillimetres = 100.0

    public func assess(_ trace: SignatureTrace) -> QualityReport {
        let measures = SignatureMeasures(trace, assumedBoxWidth: Self.assumedBoxWidthMillimetres)
        var metrics = [
            QualityMetric(name: MetricName.signingDuration, value: measures.inkDuration),
            QualityMetric(name: MetricName.strokes, value: Double(measures.strokes)),
            QualityMetric(name: MetricName.pathLength, value: measures.pathLength),
            QualityMetric(name: MetricName.boxUse, value: measures.boxUse),
            QualityMetric(name: MetricName.outsideBox, value: measures.outsideShare),
            QualityMetric(name: MetricName.samplesLost, value: measures.lostShare),
            QualityMetric(name: MetricName.hoverShare, value: measures.hoverShare),
            QualityMetric(name: MetricName.penSpeed, value: measures.speedP90),
            QualityMetric(name: MetricName.resolutionKnown, value: measures.resolutionKnown ? 1 : 0),
        ]
        if let range = measures.pressureRange { metrics.insert(QualityMetric(name: MetricName.pressureRange, value: range), at: 5) }
        guard measures.strokes > 0 else {
            return QualityReport(modality: .signature, score: 0, metrics: metrics,
                                 guidance: measures.hoverShare > 0 ? [.pressOnPad] : [.signAgain])
        }
        // Real signatures (SVC2004) take 1.2–2.5 s and 17–20 cm of ink over 6–9 cm; initials take a few tenths of a second
        // and a few centimetres.
        let completeness = min(Ramp.rising(measures.inkDuration, from: 0.6, to: 1.1),
                               Ramp.rising(measures.pathLength, from: 30, to: 100),
                               Ramp.rising(measures.inkWidth, from: 10, to: 30))
        let inside = 1 - 0.7 * Ramp.rising(measures.outsideShare, from: 0, to: 0.05)
        let pressure = measures.pressureRange.map { 0.7 + 0.3 * Ramp.rising($0, from: 0.03, to: 0.2) } ?? 1
        let followed = 1 - 0.6 * Ramp.rising(measures.lostShare, from: 0.02, to: 0.2)
        let score = 100 * completeness * inside * pressure * followed

        var guidance: [Guidance] = []
        if completeness < 0.6 { guidance.append(.signAgain) }
        if measures.outsideShare > 0.01 { guidance.append(.signInsideBox) }
        if measures.lostShare > 0.05 { guidance.append(.signSlower) }
        if let range = measures.pressureRange, range < 0.03, measures.hoverShare > 0.5 { guidance.append(.pressOnPad) }
        return QualityReport(modality: .signature, score: Int(score.rounded()), metrics: metrics, guidance: guidance)
    }
}
