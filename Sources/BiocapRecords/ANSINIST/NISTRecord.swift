/// One logical record of an ANSI/NIST-ITL transaction: its type (1, 2, 10, 14, 17 …) and its fields.
///
/// The record length (`T.001 LEN`) is not held: the writer computes it and the reader checks it. The Type-1
/// record does not hold `1.003 CNT` either: the writer builds it from the transaction's records and the reader
/// checks it against them. Every other record holds its `T.002 IDC`.
public struct NISTRecord: Sendable, Hashable {
    public var type: Int
    public var fields: [NISTField]

    public init(type: Int, fields: [NISTField]) {
        self.type = type
        self.fields = fields
    }

    /// The field with this number, if present.
    public func field(_ number: Int) -> NISTField? {
        fields.first { $0.number == number }
    }

    /// The single value of field `number`, or nil when absent or not a single item.
    public func value(_ number: Int) -> String? {
        field(number)?.value
    }

    /// The information designation character (`T.002`) as a number; nil for Type-1 or when missing or not numeric.
    public var idc: Int? {
        guard type != 1, let text = value(2), (1...2).contains(text.utf8.count),
              text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// Adds or replaces field `field.number`.
    public mutating func set(_ field: NISTField) {
        if let index = fields.firstIndex(where: { $0.number == field.number }) {
            fields[index] = field
        } else {
            fields.append(field)
        }
    }
}
