/// Stable kebab-case names of the metrics in a `QualityReport`.
public enum MetricName {
    // Finger
    public static let foregroundCoverage = "foreground-coverage"
    public static let foregroundArea = "foreground-area"
    public static let contrast = "contrast"
    public static let sharpness = "sharpness"
    public static let orientationCertainty = "orientation-certainty"
    public static let ridgePeriod = "ridge-period"
    public static let meanGrey = "mean-grey"
    public static let foregroundCentreOffset = "foreground-centre-offset"
    public static let fingersFound = "fingers-found"
    // Iris
    public static let pupilFound = "pupil-found"
    public static let irisFound = "iris-found"
    public static let irisDiameter = "iris-diameter"
    public static let pupilIrisRatio = "pupil-iris-ratio"
    public static let usableIrisArea = "usable-iris-area"
    public static let irisPupilContrast = "iris-pupil-contrast"
    /// Minor over major axis of the pupil (1 round; cos of the gaze angle off the camera axis).
    public static let pupilCircularity = "pupil-circularity"
    /// Distance between the pupil and iris centres, in iris radii.
    public static let irisPupilConcentricity = "iris-pupil-concentricity"
    /// Smallest gap between the iris circle and a frame edge, in iris radii (negative: cut off).
    public static let irisMargin = "iris-margin"
    // Face
    public static let exposure = "exposure"
    public static let faceFound = "face-found"
    /// The subject's face box (the cascade's, or the skin finder's), left, top, width and height in
    /// full-resolution pixels of the frame.
    public static let faceBoxX = "face-box-x"
    public static let faceBoxY = "face-box-y"
    public static let faceBoxWidth = "face-box-width"
    public static let faceBoxHeight = "face-box-height"
    public static let faceCentreOffset = "face-centre-offset"
    public static let faceSize = "face-size"
    /// About the sine of the head's yaw (sign: positive towards the image's right): with both eyes found, from where
    /// the nose lies between them (`NoseYaw`); otherwise the offset of the eyes, brows, nose and mouth from the face's
    /// midline, in half-widths.
    public static let faceFeatureOffset = "face-feature-offset"
    /// Tilt of the line through the eye centres, degrees (positive: the eye on the right of the image lower).
    public static let faceRoll = "face-roll"
    /// Faces in view (the subject and any other face at least half as wide).
    public static let facesFound = "faces-found"
    /// Distance between the eye centres in pixels (estimated from the face box when the eyes are not found).
    public static let eyeDistance = "eye-distance"
    /// How alike the two cheeks are lit, 0–100 (ISO/IEC 29794-5 illumination uniformity as OFIQ measures it,
    /// `IlluminationUniformity`); only with both eyes found.
    public static let illuminationUniformity = "illumination-uniformity"
    /// How natural the cheeks' mean colour is, 0–100 (ISO/IEC 29794-5's natural colour as OFIQ measures it: CIELAB
    /// a*, b* against skin's ranges); reported with both eyes found in a colour frame, not scored.
    public static let naturalColour = "natural-colour"
    /// ISO/IEC 29794-5's luminance measures on the face as OFIQ maps them to 0–100 (`FaceLuminance`): mean and
    /// variance of the relative luminance, under- and over-exposure prevention (shares of levels 0–25 and 247–255),
    /// dynamic range (the histogram's entropy); reported with a face found, not scored.
    public static let luminanceMean = "luminance-mean"
    public static let luminanceVariance = "luminance-variance"
    public static let underExposurePrevention = "under-exposure-prevention"
    public static let overExposurePrevention = "over-exposure-prevention"
    public static let dynamicRange = "dynamic-range"
    /// Room between the face and each side of the frame, ISO/IEC 29794-5's crop of the face image as OFIQ maps it to
    /// 0–100 (`FaceMargins`; OFIQ's leftward, rightward, downward and upward crop); with both eyes found, not scored.
    public static let marginLeft = "margin-left"
    public static let marginRight = "margin-right"
    public static let marginTop = "margin-top"
    public static let marginBottom = "margin-bottom"
    /// Eyes found open by the eye cascade inside the face (0–2).
    public static let eyesFound = "eyes-found"
    /// Iris: ISO/IEC 29794-6 quantities on their own scales.
    public static let irisScleraContrast = "iris-sclera-contrast"
    public static let greyscaleUtilisation = "greyscale-utilisation"
    // Signature
    /// Seconds from the first pen-down to the last pen-up.
    public static let signingDuration = "duration"
    /// Pen-down runs.
    public static let strokes = "strokes"
    /// Length of the inked path in millimetres.
    public static let pathLength = "path-length"
    /// Width of the ink over the width of the signing box (0–1).
    public static let boxUse = "box-use"
    /// Share of inked samples on or beyond the signing box's edge.
    public static let outsideBox = "outside-box"
    /// Spread of pressure while writing (5th to 95th percentile) over the pad's full scale.
    public static let pressureRange = "pressure-range"
    /// Share of the samples expected while the pen wrote that never arrived.
    public static let samplesLost = "samples-lost"
    /// Share of samples with the pen in range but not touching.
    public static let hoverShare = "hover-share"
    /// 90th percentile of the pen's speed while writing, millimetres per second.
    public static let penSpeed = "pen-speed-p90"
    /// 1 when the pad's resolution is known, 0 when millimetres are estimated from a 100 mm signing box.
    public static let resolutionKnown = "resolution-known"
}
