import Foundation

/// The finger score: a linear model of 6 `FingerFeatures`, fitted by `scripts/fit-finger-quality.py`
/// against NIST NFIQ 2.3 on 232 FVC2000 images (DB1–DB3 set B, three sensors; reference scores in
/// `shared/data/fingerprints/nfiq2.csv`). Generated: do not edit by hand; rerun the script (docs/quality.md):
///
///     .build-release/release/biocap-bench --dump-finger-features > /tmp/finger-features.csv
///     python3 scripts/fit-finger-quality.py /tmp/finger-features.csv --swift Sources/BiocapQuality/FingerScoreModel.swift
///
/// Method: features chosen by greedy forward selection on leave-one-database-out Spearman (fit on two
/// sensors, rank the third; each weight must keep the sign its meaning demands), ridge regression (penalty
/// 1.0) on features clamped to the 1st–99th percentile of the training images and standardised, so
/// each weight is in NFIQ 2 points per standard deviation. The intercept is the training images' mean
/// NFIQ 2 score; the sum is clamped to 0…100.
///
/// Spearman vs NFIQ 2 when fitted: in sample 0.856 (db1 0.450, db2 0.883, db3 0.905);
/// leave one database out db1 0.444, db2 0.788, db3 0.862; with the selection
/// also repeated without the held-out database db1 0.329, db2 0.735, db3 0.517;
/// 10-fold cross-validated 0.848.
enum FingerScoreModel {
    static func score(_ features: FingerFeatures) -> Double {
        var z = 48.8147
        // well-defined-share: share of the finger whose ridges are clear in every quadrant and of one orientation: where minutiae are found and trusted.
        z += +9.6015 * standardised(features.wellDefinedShare, 0, 0.961705, mean: 0.613701, deviation: 0.267282)
        // no-frequency-blocks: blocks without a ridge frequency (FDA 1: the strongest component is the lowest or highest).
        z += -10.9641 * standardised(features.ridgeValley.noFrequencyBlocks, 0, 91, mean: 25.3836, deviation: 22.6507)
        // even-width-ratios: ridges as wide as their valleys, ratios 0.8-1.25 (RVU).
        z += +8.7595 * standardised(features.ridgeValley.evenWidthRatios, 27.31, 401.83, mean: 138.338, deviation: 77.2349)
        // clear-ridge-blocks: blocks of clear ridges (LCS 0.79-0.85).
        z += +3.1763 * standardised(features.ridgeValley.clearRidgeBlocks, 4.31, 65.69, mean: 27.0216, deviation: 11.348)
        // weak-frequency-blocks: blocks whose ridge profile is barely periodic (FDA below 0.33).
        z += -3.1110 * standardised(features.ridgeValley.weakFrequencyBlocks, 9.31, 78.07, mean: 33.8627, deviation: 17.0502)
        // ridge-period: ridge spacing: finer ridges carry more minutiae per area.
        z += -3.5041 * standardised(features.period, 8.9925, 13.1165, mean: 10.9208, deviation: 1.13988)
        return min(100, max(0, z))
    }

    @inline(__always)
    private static func standardised(
        _ value: Double, _ low: Double, _ high: Double, mean: Double, deviation: Double
    ) -> Double {
        ((value.isFinite ? min(high, max(low, value)) : low) - mean) / deviation
    }
}
