import BiocapCore
import BiocapQuality

/// Prints each fingerprint's score and finger metrics as CSV, the input of the model fit.
enum FingerFeatureDump {
    static let columns = [
        MetricName.foregroundCoverage, MetricName.foregroundArea, MetricName.contrast, MetricName.sharpness,
        MetricName.orientationCertainty, MetricName.orientationFlow, MetricName.ridgePeriod,
        MetricName.ridgePeriodSpread, MetricName.ridgeClarity, MetricName.unclearShare, MetricName.meanGrey,
        MetricName.greySpread, MetricName.clearArea, MetricName.uncertainShare, MetricName.flowBreakShare,
        MetricName.ridgeNoise, MetricName.ridgeShare, MetricName.ridgeShareSpread, MetricName.foregroundCentreOffset, MetricName.imageMean,
        MetricName.quadrantClarity, MetricName.frequencyDominance, MetricName.wellDefinedShare,
        MetricName.weakFrequencyBlocks, MetricName.moderateFrequencyBlocks, MetricName.strongFrequencyBlocks,
        MetricName.noFrequencyBlocks, MetricName.unclearRidgeBlocks, MetricName.fairRidgeBlocks,
        MetricName.clearRidgeBlocks, MetricName.veryClearRidgeBlocks, MetricName.narrowWidthRatios,
        MetricName.evenWidthRatios, MetricName.wideWidthRatios, MetricName.extremeWidthRatios,
    ]

    static func print(_ fingerprints: [BenchDataSet.Fingerprint]) {
        let assessor = QualityAssessor()
        Swift.print((["file", "database", "nfiq2", "score"] + columns).joined(separator: ","))
        for fingerprint in fingerprints {
            let report = assessor.assess(.gray(fingerprint.image), position: .finger(.rightIndex))
            let values = columns.map { report.metric($0).map { String($0) } ?? "" }
            let nfiq = fingerprint.nfiq2.map { String($0) } ?? ""
            Swift.print(([fingerprint.file, fingerprint.database, nfiq, String(report.score)] + values)
                .joined(separator: ","))
        }
    }
}
