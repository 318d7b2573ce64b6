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
    // Face
    public static let exposure = "exposure"
    public static let faceFound = "face-found"
    public static let faceCentreOffset = "face-centre-offset"
    public static let faceSize = "face-size"
}
