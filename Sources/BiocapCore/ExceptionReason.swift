/// Why a position could not be captured (the reasons enrolment systems such as MOSIP record).
public enum ExceptionReason: String, Sendable, Codable, CaseIterable, Hashable {
    /// Not there from birth or for an unknown reason.
    case missing
    case amputated
    case bandaged
    /// Injury, scarring or disease making capture impossible now.
    case injured
    /// The subject cannot cooperate (age, disability, mental state).
    case unableToCooperate = "unable-to-cooperate"
    /// Capture attempted but quality stayed too low.
    case poorQuality = "poor-quality"
    /// The subject cannot write a signature (illiterate, a hand that cannot hold a pen).
    case unableToSign = "unable-to-sign"
    case other
}
