/// One field of an ANSI/NIST-ITL record: its number (the `nnn` of the tag `T.nnn:`) and either text, as subfields
/// of information items, or the binary image data of field 999.
///
/// Text never holds the information separators (FS, GS, RS, US) or other control characters; the writer rejects
/// them, so a field always reads back as it was written.
public struct NISTField: Sendable, Hashable {
    /// A text field's subfields (RS-separated), each a list of information items (US-separated); or binary data.
    public enum Content: Sendable, Hashable {
        case text([[String]])
        case binary([UInt8])
    }

    /// 1...999; 999 is the binary image data field of record types 10, 14 and 17 (and others).
    public var number: Int
    public var content: Content

    /// The field number that holds binary image data, always the last field of its record.
    public static let imageDataNumber = 999

    public init(_ number: Int, content: Content) {
        self.number = number
        self.content = content
    }

    /// A field of one subfield holding one item.
    public init(_ number: Int, _ value: String) {
        self.init(number, content: .text([[value]]))
    }

    /// A field of one subfield holding several items.
    public init(_ number: Int, items: [String]) {
        self.init(number, content: .text([items]))
    }

    /// A field of several subfields, each a list of items.
    public init(_ number: Int, subfields: [[String]]) {
        self.init(number, content: .text(subfields))
    }

    /// The binary image data field (999).
    public init(binary: [UInt8]) {
        self.init(Self.imageDataNumber, content: .binary(binary))
    }

    /// The subfields of a text field; nil for binary data.
    public var subfields: [[String]]? {
        if case .text(let subfields) = content { return subfields }
        return nil
    }

    /// The value of a field that holds exactly one subfield of one item; nil otherwise.
    public var value: String? {
        guard let subfields, subfields.count == 1, subfields[0].count == 1 else { return nil }
        return subfields[0][0]
    }

    /// The bytes of a binary field; nil for text.
    public var binary: [UInt8]? {
        if case .binary(let bytes) = content { return bytes }
        return nil
    }
}
