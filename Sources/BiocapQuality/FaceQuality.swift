import BiocapCore

/// Colour face image quality: finds the face (`FaceFinder`), then scores exposure and contrast on
/// the face, sharpness (edge width), pose (features centred between the cheeks), position and size
/// in the frame.
struct FaceQuality {
    /// Mean face luma that counts as well exposed, and the limits of acceptable.
    static let idealExposure = 90.0...180.0
    static let acceptableExposure = 35.0...225.0
    /// Height of the skin region (forehead to neck) as a fraction of frame height: ideal for an
    /// enrolment portrait, and limits. Below 0.35 the eyes are less than about 90 px apart on a
    /// 720-line camera (ISO/IEC 19794-5 asks for 90 px or more).
    static let idealFaceSize = 0.35...0.8
    static let acceptableFaceSize = 0.15...0.95
    /// Offset of the face centre from the frame centre, in half-frames: horizontally a portrait wants
    /// the face centred (ISO/IEC 19794-5: within about 5 % of the width); vertically the skin region
    /// runs on down the neck, so it sits lower and matters less.
    static let horizontalOffset = (good: 0.12, poor: 0.6)
    static let verticalOffset = (good: 0.35, poor: 0.8)
    /// Feature offset (about sin yaw): ISO/IEC 19794-5 wants a frontal pose. The estimate from skin
    /// cells is coarse (see `FaceFinder.featureBand`), so only a head turned by about 25° (sin ≈ 0.4)
    /// or more loses most of the score.
    static let frontalFeatureOffset = 0.2
    static let turnedFeatureOffset = 0.42
    /// Sharpness (`EdgeSharpness`, 0–100) below which the operator is asked to hold still.
    static let holdStillSharpness = 40.0

    private var finder = FaceFinder()
    private var stats = BlockStatistics()
    private var edges = EdgeSharpness()
    private var histogram = [Int](repeating: 0, count: 256)

    /// Scores a frame; `rgb` is `nil` for a greyscale frame, where skin cannot be told apart.
    @_optimize(speed)
    mutating func assess(
        rgb: UnsafeBufferPointer<UInt8>?, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int
    ) -> QualityReport {
        guard let rgb, let face = finder.find(rgb: rgb, luma: luma, width: width, height: height) else {
            return QualityReport(modality: .face, score: 0,
                                 metrics: [QualityMetric(name: MetricName.faceFound, value: 0)],
                                 guidance: [.noFace])
        }
        let (x0, y0, x1, y1) = face.pixelBox(width: width, height: height)
        ImageKernels.histogram(luma, width: width, x0: x0, y0: y0, x1: x1, y1: y1, into: &histogram)
        let spread = Double(ImageKernels.percentile(histogram, 0.95) - ImageKernels.percentile(histogram, 0.05))
        let contrast = spread / 255

        // Only the face's blocks are measured: the rest of the frame does not count.
        stats.measure(luma, width: width,
                      grid: BlockGrid(x0: x0, y0: y0, x1: x1, y1: y1, width: width, height: height, blockSize: 16))
        let sharpness = edges.measure(stats)

        let horizontal = abs(Double(x0 + x1) / Double(width) - 1)
        let vertical = abs(Double(y0 + y1) / Double(height) - 1)
        let offset = max(horizontal, vertical)
        let size = Double(y1 - y0) / Double(height)
        let pose = abs(face.featureOffset ?? 0)
        var metrics = [
            QualityMetric(name: MetricName.faceFound, value: 1),
            QualityMetric(name: MetricName.exposure, value: face.exposure),
            QualityMetric(name: MetricName.contrast, value: contrast),
            QualityMetric(name: MetricName.sharpness, value: sharpness),
            QualityMetric(name: MetricName.faceCentreOffset, value: offset),
            QualityMetric(name: MetricName.faceSize, value: size),
        ]
        if let featureOffset = face.featureOffset {
            metrics.append(QualityMetric(name: MetricName.faceFeatureOffset, value: featureOffset))
        }
        let score = 100
            * Ramp.plateau(face.exposure, ideal: Self.idealExposure, acceptable: Self.acceptableExposure)
            * Ramp.plateau(size, ideal: Self.idealFaceSize, acceptable: Self.acceptableFaceSize)
            * Ramp.rising(horizontal, from: Self.horizontalOffset.poor, to: Self.horizontalOffset.good)
            * Ramp.rising(vertical, from: Self.verticalOffset.poor, to: Self.verticalOffset.good)
            * (face.cutOff ? 0.3 : 1)
            * Ramp.rising(pose, from: Self.turnedFeatureOffset, to: Self.frontalFeatureOffset)
            * (0.2 + 0.8 * Ramp.rising(sharpness, from: 15, to: 60))
            * (0.5 + 0.5 * Ramp.rising(contrast, from: 0.1, to: 0.4))

        var guidance: [Guidance] = []
        if face.exposure < Self.idealExposure.lowerBound { guidance.append(.tooDark) }
        if face.exposure > Self.idealExposure.upperBound { guidance.append(.tooBright) }
        if face.cutOff || horizontal > Self.horizontalOffset.good || vertical > Self.verticalOffset.good {
            guidance.append(.centreFace)
        }
        if pose > Self.frontalFeatureOffset { guidance.append(.lookAtCamera) }
        if size < Self.idealFaceSize.lowerBound { guidance.append(.moveCloser) }
        if size > Self.idealFaceSize.upperBound { guidance.append(.moveBack) }
        if sharpness < Self.holdStillSharpness { guidance.append(.holdStill) }
        return QualityReport(modality: .face, score: Int(score.rounded()), metrics: metrics, guidance: guidance)
    }
}
