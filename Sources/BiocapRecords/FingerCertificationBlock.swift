/// A certification block of ISO/IEC 19794-4:2011 (3 bytes): who certified the capture device and under which
/// scheme (e.g. scheme 2 = Appendix F / PIV). Present only when the record's certification flag is set.
public struct FingerCertificationBlock: Sendable, Hashable {
    public var authorityID: UInt16
    public var schemeID: UInt8

    public static let byteCount = 3

    public init(authorityID: UInt16, schemeID: UInt8) {
        self.authorityID = authorityID
        self.schemeID = schemeID
    }
}
