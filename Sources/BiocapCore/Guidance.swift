/// Advice for the operator derived from quality metrics. The raw value is a stable code for apps
/// to translate; `message` is the English text and `message(in:)` the text in a supported language.
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
    /// More than one face in view: only the subject may be in the frame.
    case multipleFaces = "multiple-faces"
    /// The eye (iris) is not centred in the frame or is cut off by its edge.
    case centreEye = "centre-eye"
    /// Spectacles glare or strong reflections hide the iris.
    case removeGlasses = "remove-glasses"
    /// The signature is too short, too small or empty: clear the pad and sign again in full.
    case signAgain = "sign-again"
    /// Ink reached or crossed the edge of the signing box.
    case signInsideBox = "sign-inside-box"
    /// The pen hovers without touching, or touches too lightly to leave ink.
    case pressOnPad = "press-on-pad"
    /// The pen moved faster than the pad can follow (samples lost, jagged strokes).
    case signSlower = "sign-slower"
    /// A slap shows more finger-like regions than it should hold: a second hand, the thumb or the palm is on the platen.
    case extraFingers = "extra-fingers"
    /// The fingertips' heights fit the other hand better than the one asked for (right hand on a left-four capture, or the reverse).
    case wrongHand = "wrong-hand"
    /// A swipe sensor's image is not good enough: swipe the finger over the sensor again.
    case swipeAgain = "swipe-again"
    /// A swipe was too short or too fast to assemble: swipe again, more slowly.
    case swipeSlower = "swipe-slower"

    /// English text for the operator.
    public var message: String { message(in: .english) }

    /// Text for the operator in `language`.
    public func message(in language: GuidanceLanguage) -> String {
        switch language {
        case .english: englishMessage
        case .indonesian: indonesianMessage
        }
    }

    /// Text for the operator in the language with this code (`en`, `id`, `id-ID` …), English when
    /// the code names a language without messages.
    public func message(languageCode: String) -> String {
        message(in: GuidanceLanguage(code: languageCode) ?? .english)
    }

    private var englishMessage: String {
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
        case .multipleFaces: "Only one face may be in view"
        case .centreEye: "Centre the eye in the frame"
        case .removeGlasses: "Remove glasses or avoid reflections"
        case .signAgain: "Clear the pad and sign again"
        case .signInsideBox: "Sign inside the box"
        case .pressOnPad: "Touch the pad with the pen while signing"
        case .signSlower: "Sign more slowly"
        case .extraFingers: "More fingers than expected: a second hand or the palm is on the platen"
        case .wrongHand: "This looks like the other hand"
        case .swipeAgain: "Swipe the finger over the sensor again"
        case .swipeSlower: "Swipe again, more slowly"
        }
    }

    private var indonesianMessage: String {
        switch self {
        case .placeFinger: "Letakkan jari pada sensor"
        case .pressHarder: "Tekan lebih kuat"
        case .pressLighter: "Tekan lebih ringan"
        case .centreFinger: "Letakkan jari di tengah sensor"
        case .holdStill: "Jangan bergerak"
        case .cleanSensor: "Bersihkan sensor atau keringkan jari"
        case .fingerMissing: "Ada jari yang belum menempel pada sensor"
        case .openEyes: "Buka mata lebar-lebar"
        case .lookAtCamera: "Lihat lurus ke kamera"
        case .moveCloser: "Mendekatlah"
        case .moveBack: "Mundur sedikit"
        case .centreFace: "Posisikan wajah di tengah bingkai"
        case .tooDark: "Terlalu gelap: tambah cahaya"
        case .tooBright: "Terlalu terang: kurangi cahaya atau pantulan"
        case .noFace: "Wajah tidak terlihat"
        case .noEye: "Mata tidak terlihat"
        case .multipleFaces: "Hanya boleh ada satu wajah di depan kamera"
        case .centreEye: "Posisikan mata di tengah bingkai"
        case .removeGlasses: "Lepas kacamata atau hindari pantulan cahaya"
        case .signAgain: "Hapus dan tanda tangan sekali lagi"
        case .signInsideBox: "Tanda tangan di dalam kotak"
        case .pressOnPad: "Tempelkan pena pada layar saat menandatangani"
        case .signSlower: "Tanda tangan lebih pelan"
        case .extraFingers: "Jari lebih banyak dari seharusnya: ada tangan lain atau telapak tangan di atas sensor"
        case .wrongHand: "Sepertinya ini tangan yang lain"
        case .swipeAgain: "Usapkan jari pada sensor sekali lagi"
        case .swipeSlower: "Usapkan lagi, lebih pelan"
        }
    }
}
