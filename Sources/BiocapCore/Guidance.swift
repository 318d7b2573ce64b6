/// Advice for the operator derived from quality metrics. The raw value is a stable code for apps
/// to translate; `message` is the English text.
public enum Guidance: String, Sendable, Codable, CaseIterable, Hashable {
    case placeFinger = "place-finger"
    case pressHarder = "press-harder"
    case pressLighter = "press-lighter"
    case centreFinger = "centre-finger"
    case holdStill = "hold-still"
    case cleanSensor = "clean-sensor"
    case fingerMissing = "finger-missing"
    case openEyes = "open-eyes"
    case lookAtCamera = "look-at-camera"
    case moveCloser = "move-closer"
    case moveBack = "move-back"
    case centreFace = "centre-face"
    case tooDark = "too-dark"
    case tooBright = "too-bright"
    case noFace = "no-face"
    case noEye = "no-eye"

    /// English text for the operator.
    public var message: String {
        switch self {
        case .placeFinger: "Place the finger on the sensor"
        case .pressHarder: "Press harder"
        case .pressLighter: "Press more lightly"
        case .centreFinger: "Centre the finger on the sensor"
        case .holdStill: "Hold still"
        case .cleanSensor: "Clean the sensor or dry the finger"
        case .fingerMissing: "A finger is missing from the slap"
        case .openEyes: "Open the eyes wide"
        case .lookAtCamera: "Look straight at the camera"
        case .moveCloser: "Move closer"
        case .moveBack: "Move back"
        case .centreFace: "Centre the face in the frame"
        case .tooDark: "Too dark: add light"
        case .tooBright: "Too bright: reduce light or glare"
        case .noFace: "No face in view"
        case .noEye: "No eye in view"
        }
    }
}
