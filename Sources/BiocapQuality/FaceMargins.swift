import Foundation

/// Room around the face in the frame, ISO/IEC 29794-5's crop of the face image as BSI's OFIQ computes it: beside the
/// face, the distance from each outer side of the frame to the nearer eye centre in eye distances (OFIQ's leftward and
/// rightward crop, 100 · σ(r; 0.9, 0.1)); above and below, the distance from the eyes' midpoint to the top and to the
/// bottom in units of T, the eyes' midpoint to the chin (OFIQ's downward crop, 100 · σ(r; 1.4, 0.1), and upward
/// crop, 100 · σ(r; 1.8, 0.1)); each rounded, σ(x; x₀, w) = 1 / (1 + e^((x₀ − x) / w)). Departure: OFIQ takes the
/// chin from its landmarks; the fast path finds no chin, so T is `chinInEyeDistances` eye distances, what 68-point
/// landmarks give on near-frontal faces (AFLW2000-3D, `docs/quality-iris-face.md`).
enum FaceMargins {
    static let chinInEyeDistances = 1.8

    /// Raw ratios (OFIQ's native scores) and their 0–100 components, `nil` without a usable eye distance. `leftEye` is
    /// the eye on the left of the image.
    static func measure(
        width: Int, height: Int, leftEye: (x: Double, y: Double), rightEye: (x: Double, y: Double)
    ) -> (left: Double, right: Double, top: Double, bottom: Double)? {
        let eyeDistance = ((rightEye.x - leftEye.x) * (rightEye.x - leftEye.x)
            + (rightEye.y - leftEye.y) * (rightEye.y - leftEye.y)).squareRoot()
        guard eyeDistance >= 1 else { return nil }
        let chin = chinInEyeDistances * eyeDistance
        let middleY = (leftEye.y + rightEye.y) / 2
        return (left: leftEye.x / eyeDistance, right: (Double(width) - rightEye.x) / eyeDistance,
                top: middleY / chin, bottom: (Double(height) - middleY) / chin)
    }

    /// OFIQ's components of the raw ratios.
    static func components(_ ratios: (left: Double, right: Double, top: Double, bottom: Double))
        -> (left: Double, right: Double, top: Double, bottom: Double) {
        func component(_ ratio: Double, _ centre: Double) -> Double {
            min(100, max(0, (100 / (1 + exp((centre - ratio) / 0.1))).rounded()))
        }
        return (component(ratios.left, 0.9), component(ratios.right, 0.9), component(ratios.top, 1.4),
                component(ratios.bottom, 1.8))
    }
}
