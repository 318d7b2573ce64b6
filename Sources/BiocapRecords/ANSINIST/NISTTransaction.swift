/// An ANSI/NIST-ITL 1-2011 transaction: the Type-1 transaction information record first, then every other record
/// in order. `encode()` writes the traditional (binary/ASCII tagged) encoding of Annex B; `decode(_:)` reads it
/// back strictly.
public struct NISTTransaction: Sendable, Hashable {
    /// `records[0]` is the Type-1 record (without LEN and CNT); the rest follow in the order the file holds them.
    public var records: [NISTRecord]

    public init(records: [NISTRecord]) {
        self.records = records
    }

    /// The records of one type, in order.
    public func records(ofType type: Int) -> [NISTRecord] {
        records.filter { $0.type == type }
    }

    /// The traditional encoding: every record's LEN computed, Type-1's CNT built from the records.
    public func encode() throws(RecordError) -> [UInt8] {
        try NISTTraditionalWriter.encode(self)
    }

    /// Reads and validates a traditional-encoding transaction: every LEN against the bytes, the separators, the
    /// field tags, CNT against the records that follow, each record's mandatory fields and values, and that
    /// nothing follows the last record. Throws `RecordError` naming the first problem; never traps.
    public static func decode(_ bytes: [UInt8]) throws(RecordError) -> NISTTransaction {
        try NISTTraditionalReader.decode(bytes)
    }
}
