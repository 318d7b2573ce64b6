/// 1.002 VER: the edition of the standard a transaction follows.
public enum NISTVersion: String, Sendable, Hashable, CaseIterable {
    /// ANSI/NIST-ITL 1-2011.
    case v2011 = "0500"
    /// ANSI/NIST-ITL 1-2011 Update:2013 (adds xx.992 T2C, the Type-2 cross reference, to the image records).
    case update2013 = "0501"
    /// ANSI/NIST-ITL 1-2011 Update:2015.
    case update2015 = "0502"

    /// Versions this reader accepts: 2000 (0300), 2007/2008 (0400) and the 2011 family.
    static let readable: Set<String> = ["0300", "0400", "0500", "0501", "0502"]

    /// Whether image records carry xx.992 T2C (from Update:2013 on).
    public var hasType2CrossReference: Bool { self != .v2011 }
}
