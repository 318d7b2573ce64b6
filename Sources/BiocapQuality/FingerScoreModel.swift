import Foundation

/// The finger score: a linear model of `FingerFeatures` (plus a few products of two features),
/// fitted by `scripts/fit-finger-quality.py` against NIST NFIQ 2.3 on 232 FVC2000 images
/// (DB1–DB3, three sensors). Generated: do not edit by hand, rerun the script (docs/quality.md).
///
/// Each feature (log-transformed where noted) is clamped to the 1st–99th percentile of the training
/// images and standardised (zero mean, unit deviation over them), so an image unlike them cannot push
/// a feature's contribution beyond what was fitted, and each weight is in score points per standard
/// deviation: it says how much that feature matters. The intercept is the mean NFIQ 2 score of the
/// training set; the sum is clamped to 0…100.
///
/// Spearman vs NFIQ 2 when fitted: in sample 0.861 (db1 0.486, db2 0.858, db3 0.885);
/// 10-fold cross-validated 0.838; leave one database out 0.500
/// (db1 0.432, db2 0.773, db3 0.678).
enum FingerScoreModel {
    static func score(_ features: FingerFeatures) -> Double {
        let area = standardised(log(max(features.area, 1e-6)), 4.95911, 6.16681, mean: 5.44997, deviation: 0.328153)
        let contrast = standardised(log(max(features.contrast, 1e-6)), 2.57049, 4.33227, mean: 3.56434, deviation: 0.531033)
        let sharpness = standardised(log(max(features.sharpness, 1e-6)), 1.93192, 3.7637, mean: 3.04079, deviation: 0.5839)
        let certainty = standardised(features.certainty, 0.2337, 0.816566, mean: 0.622179, deviation: 0.145342)
        let flow = standardised(features.flow, 7.67658, 21.1903, mean: 14.3796, deviation: 3.12862)
        let period = standardised(features.period, 8.9925, 13.1165, mean: 10.9208, deviation: 1.13988)
        let periodSpread = standardised(features.periodSpread, 0.0509807, 0.27633, mean: 0.145662, deviation: 0.0598546)
        let clarity = standardised(features.clarity, 0.220524, 0.6907, mean: 0.496402, deviation: 0.108442)
        let unclearShare = standardised(features.unclearShare, 0.0027193, 0.750004, mean: 0.182722, deviation: 0.170023)
        let meanGrey = standardised(features.meanGrey, 76.6715, 226.45, mean: 163.489, deviation: 38.0692)
        let greySpread = standardised(features.greySpread, 7.24494, 53.8379, mean: 24.983, deviation: 11.1259)
        let clearArea = standardised(log1p(max(features.clearArea, 0)), 0, 5.63685, mean: 3.96317, deviation: 1.19224)
        let uncertainShare = standardised(features.uncertainShare, 0, 0.946201, mean: 0.175473, deviation: 0.226787)
        let flowBreakShare = standardised(features.flowBreakShare, 0.0288446, 0.297937, mean: 0.152848, deviation: 0.0616468)
        let noise = standardised(log(max(features.noise, 1e-6)), 1.58782, 2.30259, mean: 2.01781, deviation: 0.241846)
        let ridgeShare = standardised(features.ridgeShare, 0.414441, 0.603239, mean: 0.500063, deviation: 0.0374906)
        let ridgeShareSpread = standardised(features.ridgeShareSpread, 0.0484625, 0.138283, mean: 0.08163, deviation: 0.0213157)
        var z = 48.8147
        z += +4.6376 * area
        z += -1.0871 * contrast
        z += +2.0739 * sharpness
        z += +11.4311 * certainty
        z += +4.7874 * flow
        z += -6.9843 * period
        z += -0.7476 * periodSpread
        z += -3.3854 * clarity
        z += -9.0189 * unclearShare
        z += -0.1170 * meanGrey
        z += -3.1582 * greySpread
        z += +2.6810 * clearArea
        z += -1.8085 * uncertainShare
        z += -2.8011 * flowBreakShare
        z += +3.9640 * noise
        z += -3.1883 * ridgeShare
        z += -0.9793 * ridgeShareSpread
        z += -3.5695 * ridgeShare * ridgeShareSpread
        z += -5.5107 * period * uncertainShare
        z += +3.1084 * area * sharpness
        return min(100, max(0, z))
    }

    @inline(__always)
    private static func standardised(
        _ value: Double, _ low: Double, _ high: Double, mean: Double, deviation: Double
    ) -> Double {
        ((value.isFinite ? min(high, max(low, value)) : low) - mean) / deviation
    }
}
