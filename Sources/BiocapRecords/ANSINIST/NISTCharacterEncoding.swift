/// Field 1.015 DCS (directory of character sets): which encoding text in records other than Type-1 uses.
///
/// Without DCS, text is 7-bit ASCII. biocap declares UTF-8 (character set index 3, name `UTF-8`) only when some
/// text it writes is not ASCII (an operator or enrolment id in a local script).
public enum NISTCharacterEncoding {
    /// Character set index of UTF-8 in the standard's table of character encodings.
    public static let utf8Index = "3"
    public static let utf8Name = "UTF-8"

    /// The 1.015 field declaring UTF-8.
    public static let utf8Field = NISTField(15, items: [utf8Index, utf8Name])

    /// Whether a Type-1 record's DCS declares UTF-8.
    static func declaresUTF8(_ typeOne: NISTRecord) -> Bool {
        guard let subfields = typeOne.field(15)?.subfields else { return false }
        return subfields.contains { $0.first == utf8Index }
    }
}
