/// The standard a stored biometric record follows.
public enum RecordFormat: String, Sendable, Codable, Hashable, CaseIterable {
    /// ISO/IEC 19794-4:2011 finger image record.
    case isoFinger = "iso-19794-4-2011"
    /// ISO/IEC 19794-5:2011 face image record.
    case isoFace = "iso-19794-5-2011"
    /// ISO/IEC 19794-6:2011 iris image record.
    case isoIris = "iso-19794-6-2011"
    /// ISO/IEC 19794-7:2007 signature/sign time series record, full format (`SignatureRecord`).
    case isoSignature = "iso-19794-7-2007"
    /// A PNG image: the rendered signature that goes into the packet beside its time series record.
    case png = "png"
}
