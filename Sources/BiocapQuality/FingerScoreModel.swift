import Foundation

/// Placeholder, replaced by scripts/fit-finger-quality.py.
enum FingerScoreModel {
    static func score(_ features: FingerFeatures) -> Double {
        let area = min(1, features.area / 150)
        return max(0, min(100, 100 * area * features.certainty * features.clarity))
    }
}
