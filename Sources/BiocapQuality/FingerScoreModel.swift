import Foundation

/// The finger score: a linear model of 5 `FingerFeatures`, fitted by `scripts/fit-finger-quality.py`
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
/// Spearman vs NFIQ 2 when fitted: in sample 0.800 (db1 0.376, db2 0.791, db3 0.869);
/// leave one database out db1 0.340, db2 0.749, db3 0.862; with the selection
/// also repeated without the held-out database db1 0.267, db2 0.690, db3 0.830;
/// 10-fold cross-validated 0.789.
enum FingerScoreModel {
    static func score(_ features: FingerFeatures) -> Double {
        var z = 48.8147
        // well-defined-share: share of the finger whose ridges are clear in every quadrant and of one orientation: where minutiae are found and trusted.
        z += +12.5769 * standardised(features.wellDefinedShare, 0, 0.961705, mean: 0.613701, deviation: 0.267282)
        // ridge-period-spread: ridge spacing inconsistent across the finger: distortion, smears, noise read as ridges.
        z += -3.1139 * standardised(features.periodSpread, 0.0509807, 0.27633, mean: 0.145662, deviation: 0.0598546)
        // grey-spread: uneven pressure or moisture across the finger (block-mean spread, NFIQ 2's MMB/Mu).
        z += -3.2481 * standardised(features.greySpread, 7.24494, 53.8379, mean: 24.983, deviation: 11.1259)
        // ridge-period: ridge spacing: finer ridges carry more minutiae per area.
        z += -4.6399 * standardised(features.period, 8.9925, 13.1165, mean: 10.9208, deviation: 1.13988)
        // frequency-dominance: how much of the ridge profile is one sinusoid at the ridge frequency (FDA).
        z += +3.1200 * standardised(features.frequencyDominance, 0.334625, 0.589196, mean: 0.480624, deviation: 0.058301)
        return min(100, max(0, z))
    }

    @inline(__always)
    private static func standardised(
        _ value: Double, _ low: Double, _ high: Double, mean: Double, deviation: Double
    ) -> Double {
        ((value.isFinite ? min(high, max(low, value)) : low) - mean) / deviation
    }
}
