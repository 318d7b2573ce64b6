/// Typed access to one record's fields for the typed record views: each accessor names the record and field in
/// the error it throws (missing mandatory field, not a number, out of range).
struct NISTFieldValues {
    let record: NISTRecord
    let name: String

    init(_ record: NISTRecord) {
        self.record = record
        self.name = record.type == 1 ? "Type-1 record" : "Type-\(record.type) record (IDC \(record.value(2) ?? "?"))"
    }

    /// `T.nnn MNEMONIC` (or `T.nnn` without one), as errors name a field.
    func tag(_ number: Int, _ mnemonic: String) -> String {
        let tag = "\(record.type).\(String(repeating: "0", count: max(0, 3 - String(number).count)))\(number)"
        return mnemonic.isEmpty ? tag : tag + " " + mnemonic
    }

    /// The single value of a mandatory field.
    func text(_ number: Int, _ mnemonic: String) throws(RecordError) -> String {
        guard let field = record.field(number) else {
            throw .invalidField(name: name, value: "mandatory field \(tag(number, mnemonic)) is missing")
        }
        guard let value = field.value else {
            throw .invalidField(name: "\(name) \(tag(number, mnemonic))", value: "not a single value")
        }
        return value
    }

    /// The single value of an optional field.
    func optionalText(_ number: Int, _ mnemonic: String) throws(RecordError) -> String? {
        guard record.field(number) != nil else { return nil }
        return try text(number, mnemonic)
    }

    /// A mandatory non-negative decimal field within `range`.
    func integer(_ number: Int, _ mnemonic: String, _ range: ClosedRange<Int>) throws(RecordError) -> Int {
        try Self.integer(try text(number, mnemonic), "\(name) \(tag(number, mnemonic))", range)
    }

    func optionalInteger(_ number: Int, _ mnemonic: String, _ range: ClosedRange<Int>) throws(RecordError) -> Int? {
        guard record.field(number) != nil else { return nil }
        return try integer(number, mnemonic, range)
    }

    /// The subfields of an optional field (empty when absent), each required to hold `items` items.
    func subfields(_ number: Int, _ mnemonic: String, items: ClosedRange<Int>) throws(RecordError) -> [[String]] {
        guard let field = record.field(number) else { return [] }
        guard let subfields = field.subfields else {
            throw .invalidField(name: "\(name) \(tag(number, mnemonic))", value: "binary data in a text field")
        }
        for (index, subfield) in subfields.enumerated() where !items.contains(subfield.count) {
            throw .invalidField(
                name: "\(name) \(tag(number, mnemonic)) subfield \(index + 1)",
                value: "\(subfield.count) item(s), expected \(items.lowerBound)…\(items.upperBound)")
        }
        return subfields
    }

    /// The binary data of field 999, if present.
    func imageData() throws(RecordError) -> [UInt8]? {
        guard let field = record.field(NISTField.imageDataNumber) else { return nil }
        guard let bytes = field.binary else {
            throw .invalidField(name: "\(name) \(tag(999, "DATA"))", value: "text where image data belongs")
        }
        return bytes
    }

    /// A decimal number of at most 9 digits (no sign) within `range`.
    static func integer(_ text: String, _ field: String, _ range: ClosedRange<Int>) throws(RecordError) -> Int {
        guard (1...9).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text) else {
            throw .invalidField(name: field, value: "'\(text)' is not a number")
        }
        guard range.contains(value) else { throw .valueOutOfRange(field: field, value: value, allowed: range) }
        return value
    }
}
