import BiocapCore
import Foundation

/// Face image quality: finds the face with the Haar cascade (`HaarFaceFinder`; the skin-chroma
/// `FaceFinder` when the cascade finds nothing in a colour frame or is not installed), then scores
/// exposure and contrast on the face, sharpness (edge width), pose, eyes, position and size in the
/// frame, and that only one face is in view. Reports, without scoring them, ISO/IEC 29794-5 measures as OFIQ computes
/// them: illumination uniformity, natural colour, luminance, exposure, dynamic range and the room around the face.
struct FaceQuality {
    /// Mean face luma that counts as well exposed, and the limits of acceptable.
    static let idealExposure = 90.0...180.0
    static let acceptableExposure = 35.0...225.0
    /// Face height (crown to chin, estimated) as a fraction of frame height: ideal for an enrolment
    /// portrait, and limits. Below 0.35 the eyes are less than about 90 px apart on a 720-line
    /// camera (ISO/IEC 19794-5 asks for 90 px or more).
    static let idealFaceSize = 0.35...0.8
    static let acceptableFaceSize = 0.15...0.95
    /// The Haar box spans brows to chin and cheek to cheek. Its height is taken as the face height
    /// (on real heads about 0.8 of crown to chin; on the drawn test face it matches the oval), and
    /// the eyes are about this fraction of the box width apart.
    static let haarBoxToHeadHeight = 1.0
    static let haarBoxEyeDistance = 0.4
    /// Size is judged by the distance between the eye centres at the camera's full resolution, as
    /// ISO/IEC 19794-5 does: at least 90 px for a full-frontal image, 60 px for a token image; below
    /// about 30 px no usable portrait can be cut from the frame. The share of the frame the face
    /// fills only says when it is too close (`idealFaceSize`'s upper side): a portrait may fill any
    /// share of a frame as long as the eyes are far enough apart.
    static let goodEyeDistance = 90.0
    static let tokenEyeDistance = 60.0
    static let unusableEyeDistance = 30.0
    /// Roll (the eye line's tilt): ISO/IEC 19794-5 allows ±8° for a full-frontal image. The eye
    /// cascade's hits are coarse (an eye with its brow shifts the centre), so up to 20° only halves
    /// the score.
    static let levelRoll = 8.0
    static let tiltedRoll = 20.0
    /// Offset of the face centre from the frame centre, in half-frames: horizontally a portrait wants
    /// the face centred (ISO/IEC 19794-5: within about 5 % of the width); vertically the skin region
    /// runs on down the neck, so it sits lower and matters less.
    static let horizontalOffset = (good: 0.12, poor: 0.6)
    static let verticalOffset = (good: 0.35, poor: 0.8)
    /// Feature offset (about sin yaw): ISO/IEC 19794-5 wants a frontal pose. The estimate is coarse,
    /// so only a head turned by about 25° (sin ≈ 0.4) or more loses most of the score.
    static let frontalFeatureOffset = 0.2
    static let turnedFeatureOffset = 0.42
    /// The same for the yaw read from the nose (`NoseYaw`, with both eyes found): on 331 real faces its estimate
    /// lay a median 0.125 from the landmark reference, so `look-at-camera` waits for about 15° (sin ≈ 0.25) and
    /// most of the score goes by 30°.
    static let noseFrontalYaw = 0.25
    static let noseTurnedYaw = 0.5
    /// How far the skin finder's feature balance strays on frontal faces whose eyes were found
    /// (`findSubject`): only what lies beyond it is taken as yaw.
    static let skinYawNoise = 0.25
    /// Sharpness (`EdgeSharpness`, 0–100) below which the operator is asked to hold still.
    static let holdStillSharpness = 40.0
    /// Another face counts (multiple-faces guidance) when at least this wide relative to the subject:
    /// smaller hits are mostly background texture.
    static let otherFaceWidth = 0.5
    /// At most this many other faces are checked for eyes (`otherFaces`: an eye search each).
    static let otherFacesChecked = 3
    /// Below this face width (pixels) the eye cascade is unreliable, so missing eyes say nothing.
    /// Above it, no eye found costs some score but gives no guidance: the eye cascade misses open
    /// eyes behind glasses or drawn ones too often to tell the operator to open them.
    static let eyeCheckFaceWidth = 100
    static let eyesMissingFactor = 0.85

    /// The subject's face, from either finder.
    private struct Subject {
        var x0: Int, y0: Int, x1: Int, y1: Int
        var exposure: Double
        var cutOff: Bool
        var featureOffset: Double?
        /// Tilt of the eye line in degrees (positive: the right of the image lower); `nil` without two eyes.
        var roll: Double?
        /// Estimated crown-to-chin height in pixels.
        var headHeight: Double
        var eyeDistance: Double?
        /// Eyes found by the eye cascade; `nil` when not looked for.
        var eyesFound: Int?
        /// `IlluminationUniformity`, with both eyes found.
        var uniformity: Double?
        /// `NaturalColour`, with both eyes found in a colour frame.
        var naturalColour: Double?
        /// `FaceMargins`' raw ratios, with both eyes found.
        var margins: (left: Double, right: Double, top: Double, bottom: Double)?
        var otherFaces: Int
        var fromCascade: Bool
        /// `featureOffset` is `NoseYaw`'s estimate rather than the skin finder's or the eyes' place in the box.
        var yawFromNose = false
    }

    private var haar: HaarFaceFinder? = (try? HaarFaceFinder.systemCascades.get()).map { HaarFaceFinder(cascades: $0) }
    private var finder = FaceFinder()
    private var stats = BlockStatistics()
    private var edges = EdgeSharpness()
    private var lighting = IlluminationUniformity()
    private var nose = NoseYaw()
    private let colour = NaturalColour()
    private var luminance = FaceLuminance()
    private var histogram = [Int](repeating: 0, count: 256)

    /// Scores a frame; `rgb` is `nil` for a greyscale frame (then only the cascade can find a face).
    /// - Parameters:
    ///   - tracking: the frame follows the previous one in a stream, so the face found there is
    ///     looked for near where it was first (`HaarFaceFinder.find(tracking:)`).
    ///   - pixelScale: full-resolution pixels per pixel of this frame (above 1 when the frame was
    ///     decoded reduced for the gate); eye distances are reported and judged at full resolution.
    @_optimize(speed)
    mutating func assess(
        rgb: UnsafeBufferPointer<UInt8>?, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        tracking: Bool = false, pixelScale: Double = 1
    ) -> QualityReport {
        guard var face = findSubject(rgb: rgb, luma: luma, width: width, height: height, tracking: tracking) else {
            return QualityReport(modality: .face, score: 0,
                                 metrics: [QualityMetric(name: MetricName.faceFound, value: 0)],
                                 guidance: [.noFace])
        }
        face.eyeDistance = face.eyeDistance.map { $0 * pixelScale }
        let (x0, y0, x1, y1) = (face.x0, face.y0, face.x1, face.y1)
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
        let size = face.headHeight / Double(height)
        let pose = abs(face.featureOffset ?? 0)
        var metrics = [
            QualityMetric(name: MetricName.faceFound, value: 1),
            QualityMetric(name: MetricName.facesFound, value: Double(1 + face.otherFaces)),
            QualityMetric(name: MetricName.exposure, value: face.exposure),
            QualityMetric(name: MetricName.contrast, value: contrast),
            QualityMetric(name: MetricName.sharpness, value: sharpness),
            QualityMetric(name: MetricName.faceCentreOffset, value: offset),
            QualityMetric(name: MetricName.faceSize, value: size),
            QualityMetric(name: MetricName.faceBoxX, value: Double(x0) * pixelScale),
            QualityMetric(name: MetricName.faceBoxY, value: Double(y0) * pixelScale),
            QualityMetric(name: MetricName.faceBoxWidth, value: Double(x1 - x0) * pixelScale),
            QualityMetric(name: MetricName.faceBoxHeight, value: Double(y1 - y0) * pixelScale),
        ]
        if let featureOffset = face.featureOffset {
            metrics.append(QualityMetric(name: MetricName.faceFeatureOffset, value: featureOffset))
        }
        if let eyeDistance = face.eyeDistance { metrics.append(QualityMetric(name: MetricName.eyeDistance, value: eyeDistance)) }
        if let eyesFound = face.eyesFound { metrics.append(QualityMetric(name: MetricName.eyesFound, value: Double(eyesFound))) }
        if let roll = face.roll { metrics.append(QualityMetric(name: MetricName.faceRoll, value: roll)) }
        if let uniformity = face.uniformity {
            metrics.append(QualityMetric(name: MetricName.illuminationUniformity, value: uniformity))
        }
        if let naturalColour = face.naturalColour {
            metrics.append(QualityMetric(name: MetricName.naturalColour, value: naturalColour))
        }
        if let tone = luminance.measure(rgb: rgb, luma: luma, width: width, height: height, x0: x0, y0: y0, x1: x1, y1: y1) {
            metrics.append(QualityMetric(name: MetricName.luminanceMean, value: tone.meanComponent))
            metrics.append(QualityMetric(name: MetricName.luminanceVariance, value: tone.varianceComponent))
            metrics.append(QualityMetric(name: MetricName.underExposurePrevention, value: tone.underExposureComponent))
            metrics.append(QualityMetric(name: MetricName.overExposurePrevention, value: tone.overExposureComponent))
            metrics.append(QualityMetric(name: MetricName.dynamicRange, value: tone.dynamicRangeComponent))
        }
        if let margins = face.margins.map(FaceMargins.components) {
            metrics.append(QualityMetric(name: MetricName.marginLeft, value: margins.left))
            metrics.append(QualityMetric(name: MetricName.marginRight, value: margins.right))
            metrics.append(QualityMetric(name: MetricName.marginTop, value: margins.top))
            metrics.append(QualityMetric(name: MetricName.marginBottom, value: margins.bottom))
        }
        let eyesMissing = face.eyesFound == 0 && x1 - x0 >= Self.eyeCheckFaceWidth
        let roll = abs(face.roll ?? 0)
        // Without an eye distance (the skin finder's face), the face's share of the frame stands in for it.
        let eyeDistance = face.eyeDistance ?? Self.goodEyeDistance * size / Self.idealFaceSize.lowerBound
        let score = 100
            * Ramp.plateau(face.exposure, ideal: Self.idealExposure, acceptable: Self.acceptableExposure)
            * (size > Self.idealFaceSize.upperBound ? Ramp.plateau(size, ideal: Self.idealFaceSize, acceptable: Self.acceptableFaceSize) : 1)
            * Ramp.rising(eyeDistance, from: Self.unusableEyeDistance, to: Self.goodEyeDistance)
            * (0.5 + 0.5 * Ramp.rising(roll, from: Self.tiltedRoll, to: Self.levelRoll))
            * Ramp.rising(horizontal, from: Self.horizontalOffset.poor, to: Self.horizontalOffset.good)
            * Ramp.rising(vertical, from: Self.verticalOffset.poor, to: Self.verticalOffset.good)
            * (face.cutOff ? 0.3 : 1)
            * (face.otherFaces > 0 ? 0.3 : 1)
            * (eyesMissing ? Self.eyesMissingFactor : 1)
            * poseFactor(pose, frontalCascadeHit: face.fromCascade, fromNose: face.yawFromNose)
            * (0.2 + 0.8 * Ramp.rising(sharpness, from: 15, to: 60))
            * (0.5 + 0.5 * Ramp.rising(contrast, from: 0.1, to: 0.4))

        var guidance: [Guidance] = []
        if face.otherFaces > 0 { guidance.append(.multipleFaces) }
        if face.exposure < Self.idealExposure.lowerBound { guidance.append(.tooDark) }
        if face.exposure > Self.idealExposure.upperBound { guidance.append(.tooBright) }
        if face.cutOff || horizontal > Self.horizontalOffset.good || vertical > Self.verticalOffset.good {
            guidance.append(.centreFace)
        }
        if pose > (face.yawFromNose ? Self.noseFrontalYaw : Self.frontalFeatureOffset) || roll > Self.levelRoll {
            guidance.append(.lookAtCamera)
        }
        if eyeDistance < Self.goodEyeDistance { guidance.append(.moveCloser) }
        if size > Self.idealFaceSize.upperBound { guidance.append(.moveBack) }
        if sharpness < Self.holdStillSharpness { guidance.append(.holdStill) }
        return QualityReport(modality: .face, score: Int(score.rounded()), metrics: metrics, guidance: guidance)
    }

    /// The yaw estimate's share of the score. A face the frontal cascade found is within about ±25°
    /// of frontal whatever the estimate says, and the estimate is coarse (the skin finder's balance of
    /// features spreads ±0.5 on frontal portraits, the nose's about ±0.15), so it can cut most of that score but
    /// not zero it; a face only the skin finder found can score 0 when turned.
    private func poseFactor(_ pose: Double, frontalCascadeHit: Bool, fromNose: Bool) -> Double {
        let frontal = fromNose
            ? Ramp.rising(pose, from: Self.noseTurnedYaw, to: Self.noseFrontalYaw)
            : Ramp.rising(pose, from: Self.turnedFeatureOffset, to: Self.frontalFeatureOffset)
        return frontalCascadeHit ? 0.3 + 0.7 * frontal : frontal
    }

    private mutating func findSubject(
        rgb: UnsafeBufferPointer<UInt8>?, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int, tracking: Bool
    ) -> Subject? {
        if var haar {
            let faces = haar.find(luma: luma, width: width, height: height, tracking: tracking)
            self.haar = haar
            if let face = faces.first {
                let others = otherFaces(faces.dropFirst(), besides: face, haar: &haar, luma: luma, width: width, height: height)
                self.haar = haar
                var found = subject(from: face, others: others, rgb: rgb, luma: luma, width: width, height: height)
                if found.yawFromNose { return found }
                // Without the nose's yaw (fewer than two eyes, or its band outside the frame), yaw is the skin
                // finder's balance of features within the face outline, when its face is the cascade's (its
                // centre inside the box or just below: it runs down the neck). On
                // frontal portraits that balance spreads about ±0.5 (hair, glasses, shoulders,
                // skin-coloured backgrounds), which zeroed frontal faces; so where both eyes were found
                // in a frontal-face hit, only the part beyond `skinYawNoise` counts, or the eyes' own
                // offset in the box if larger (the box follows the features, so that one stays small).
                if let rgb, let region = finder.find(rgb: rgb, luma: luma, width: width, height: height),
                   let skinOffset = region.featureOffset {
                    let (x0, y0, x1, y1) = region.pixelBox(width: width, height: height)
                    let centreX = (x0 + x1) / 2, centreY = (y0 + y1) / 2
                    if centreX >= face.x0, centreX <= face.x1, centreY >= face.y0, centreY <= face.y1 + (face.y1 - face.y0) {
                        if face.eyes.count == 2, let eyesOffset = found.featureOffset {
                            let beyondNoise = max(0, abs(skinOffset) - Self.skinYawNoise)
                            found.featureOffset = beyondNoise > abs(eyesOffset) ? (skinOffset < 0 ? -beyondNoise : beyondNoise) : eyesOffset
                        } else {
                            found.featureOffset = skinOffset
                        }
                    }
                }
                return found
            }
        }
        guard let rgb, let region = finder.find(rgb: rgb, luma: luma, width: width, height: height) else { return nil }
        let (x0, y0, x1, y1) = region.pixelBox(width: width, height: height)
        return Subject(x0: x0, y0: y0, x1: x1, y1: y1, exposure: region.exposure, cutOff: region.cutOff,
                       featureOffset: region.featureOffset, roll: nil, headHeight: Double(y1 - y0), eyeDistance: nil,
                       eyesFound: nil, uniformity: nil, otherFaces: 0, fromCascade: false)
    }

    /// The hits besides the subject that count as other people: at least `otherFaceWidth` of its width and, when
    /// wide enough for the eye cascade (`eyeCheckFaceWidth`), with an eye found in them, so that a frontal-face hit
    /// on background lettering or texture beside a real subject does not read as a second person.
    private func otherFaces(
        _ hits: ArraySlice<HaarFaceFinder.Face>, besides face: HaarFaceFinder.Face, haar: inout HaarFaceFinder,
        luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int
    ) -> [HaarFaceFinder.Face] {
        var others: [HaarFaceFinder.Face] = [], checked = 0
        for other in hits where Double(other.x1 - other.x0) >= Self.otherFaceWidth * Double(face.x1 - face.x0) {
            if other.x1 - other.x0 < Self.eyeCheckFaceWidth {
                others.append(other)
            } else if checked < Self.otherFacesChecked {
                checked += 1
                if haar.eyeCount(in: other, luma: luma, width: width, height: height) > 0 { others.append(other) }
            }
        }
        return others
    }

    /// The subject from a cascade hit: exposure over the middle of the box (cheeks, nose, eyes:
    /// little hair or background), yaw from where the eyes sit between the box's sides.
    private mutating func subject(
        from face: HaarFaceFinder.Face, others: [HaarFaceFinder.Face],
        rgb: UnsafeBufferPointer<UInt8>?, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int
    ) -> Subject {
        let boxWidth = Double(face.x1 - face.x0), boxHeight = Double(face.y1 - face.y0)
        let inset = Int(boxWidth * 0.2)
        ImageKernels.histogram(luma, width: width, x0: face.x0 + inset, y0: face.y0 + inset,
                               x1: max(face.x0 + inset + 1, face.x1 - inset), y1: max(face.y0 + inset + 1, face.y1 - inset),
                               into: &histogram)
        var sum = 0, count = 0
        for (level, n) in histogram.enumerated() { sum += level * n; count += n }
        let exposure = count > 0 ? Double(sum) / Double(count) : 0
        var eyeDistance = Self.haarBoxEyeDistance * boxWidth
        var featureOffset: Double?
        var roll: Double?
        var uniformity: Double?
        var naturalColour: Double?
        var margins: (left: Double, right: Double, top: Double, bottom: Double)?
        var yawFromNose = false
        if face.eyes.count == 2 {
            let (left, right) = (face.eyes[0], face.eyes[1])
            eyeDistance = ((right.x - left.x) * (right.x - left.x) + (right.y - left.y) * (right.y - left.y)).squareRoot()
            featureOffset = ((left.x + right.x) / 2 - Double(face.x0 + face.x1) / 2) / (boxWidth / 2)
            if let yaw = nose.measure(luma, width: width, height: height, leftEye: left, rightEye: right) {
                featureOffset = yaw
                yawFromNose = true
            }
            roll = atan2(right.y - left.y, right.x - left.x) * 180 / Double.pi
            uniformity = lighting.measure(luma, width: width, height: height, leftEye: left, rightEye: right)
            naturalColour = rgb.flatMap { colour.measure($0, width: width, height: height, leftEye: left, rightEye: right) }
            margins = FaceMargins.measure(width: width, height: height, leftEye: left, rightEye: right)
        }
        let margin = max(1, width / 200)
        let others = others.count
        return Subject(x0: face.x0, y0: face.y0, x1: face.x1, y1: face.y1, exposure: exposure,
                       cutOff: face.x0 < margin || face.x1 > width - margin,
                       featureOffset: featureOffset, roll: roll, headHeight: boxHeight * Self.haarBoxToHeadHeight,
                       eyeDistance: eyeDistance, eyesFound: face.eyes.count, uniformity: uniformity,
                       naturalColour: naturalColour, margins: margins, otherFaces: others, fromCascade: true,
                       yawFromNose: yawFromNose)
    }
}
