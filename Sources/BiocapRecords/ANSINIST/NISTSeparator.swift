/// The information separators of the traditional encoding (ANSI/NIST-ITL 1-2011 Annex B).
enum NISTSeparator {
    /// File separator: ends every record.
    static let file: UInt8 = 0x1C
    /// Group separator: between fields.
    static let group: UInt8 = 0x1D
    /// Record separator: between subfields.
    static let record: UInt8 = 0x1E
    /// Unit separator: between information items.
    static let unit: UInt8 = 0x1F

    /// Whether `byte` may appear in text: printable, no separator or other control character.
    static func isText(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x7F
    }
}
