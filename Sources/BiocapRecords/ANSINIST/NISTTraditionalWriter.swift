/// Writes the traditional encoding of ANSI/NIST-ITL 1-2011 (Annex B): each record is its tagged fields
/// `T.nnn:value`, separated by GS, ended by FS; subfields are separated by RS and items by US; field 999 carries
/// raw image bytes and is the record's last field.
enum NISTTraditionalWriter {
    static func encode(_ transaction: NISTTransaction) throws(RecordError) -> [UInt8] {
        guard let header = transaction.records.first, header.type == 1 else {
            throw .invalidField(name: "first record", value: "a transaction starts with its Type-1 record")
        }
        let others = transaction.records.dropFirst()
        guard others.count <= 999 else {
            throw .valueOutOfRange(field: "number of records after Type-1", value: others.count, allowed: 1...999)
        }
        var content: [[String]] = [["1", String(others.count)]]
        for record in others {
            guard record.type != 1 else { throw .invalidField(name: "Type-1 record", value: "more than one in the transaction") }
            guard let idc = record.idc else {
                throw .invalidField(
                    name: "Type-\(record.type) IDC (\(record.type).002)", value: record.value(2) ?? "missing or not 0–99")
            }
            content.append([String(record.type), String(idc)])
        }
        var typeOne = header
        guard typeOne.field(3) == nil else {
            throw .invalidField(name: "1.003 CNT", value: "given by the caller; the writer builds it from the records")
        }
        typeOne.set(NISTField(3, subfields: content))
        let unicode = NISTCharacterEncoding.declaresUTF8(header)
        var output: [UInt8] = []
        output.reserveCapacity(transaction.records.reduce(0) { total, record in
            total + record.fields.reduce(64) { $0 + ($1.binary?.count ?? 64) }
        })
        try append(typeOne, to: &output, unicode: false)
        for record in others { try append(record, to: &output, unicode: unicode) }
        return output
    }

    /// Appends one record: LEN (computed to its fixed point: the length counts its own digits), then the fields in
    /// ascending number (so 999 comes last), then FS.
    static func append(_ record: NISTRecord, to output: inout [UInt8], unicode: Bool) throws(RecordError) {
        guard (1...99).contains(record.type), !(3...8).contains(record.type) else {
            throw .unsupported("record type \(record.type) (only tagged-field records: 1, 2, 9–99)")
        }
        let fields = record.fields.sorted { $0.number < $1.number }
        var previous = 1
        var body: [UInt8] = []
        for field in fields {
            guard (2...999).contains(field.number) else {
                throw .valueOutOfRange(field: "Type-\(record.type) field number", value: field.number, allowed: 2...999)
            }
            guard field.number != previous else {
                throw .invalidField(name: "field \(record.type).\(field.number)", value: "appears more than once")
            }
            previous = field.number
            body.append(NISTSeparator.group)
            body.append(contentsOf: tag(record.type, field.number))
            switch field.content {
            case .binary(let bytes):
                guard field.number == NISTField.imageDataNumber, record.type != 1 else {
                    throw .invalidField(name: "field \(record.type).\(field.number)", value: "binary data outside field 999")
                }
                body.append(contentsOf: bytes)
            case .text(let subfields):
                try appendText(subfields, field: "\(record.type).\(field.number)", to: &body,
                               unicode: unicode && record.type != 1)
            }
        }
        let head = tag(record.type, 1)
        // Everything but the LEN digits: the tag, the body (which starts with its GS) and the closing FS.
        let fixed = head.count + body.count + 1
        var length = fixed + 1
        for _ in 0..<8 {
            let next = fixed + String(length).utf8.count
            if next == length { break }
            length = next
        }
        guard length == fixed + String(length).utf8.count else {
            throw .invalidField(name: "Type-\(record.type) LEN", value: "no fixed point")  // cannot happen: digits grow monotonically
        }
        output.append(contentsOf: head)
        output.append(contentsOf: Array(String(length).utf8))
        output.append(contentsOf: body)
        output.append(NISTSeparator.file)
    }

    static func appendText(_ subfields: [[String]], field: String, to body: inout [UInt8], unicode: Bool) throws(RecordError) {
        guard !subfields.isEmpty else { throw .invalidField(name: "field \(field)", value: "no subfield") }
        for (index, items) in subfields.enumerated() {
            if index > 0 { body.append(NISTSeparator.record) }
            guard !items.isEmpty else { throw .invalidField(name: "field \(field)", value: "subfield \(index + 1) has no item") }
            for (itemIndex, item) in items.enumerated() {
                if itemIndex > 0 { body.append(NISTSeparator.unit) }
                let bytes = Array(item.utf8)
                if let bad = bytes.first(where: { !NISTSeparator.isText($0) }) {
                    throw .invalidField(name: "field \(field)", value: "control character 0x\(String(bad, radix: 16)) in text")
                }
                if !unicode, bytes.contains(where: { $0 >= 0x80 }) {
                    throw .invalidField(
                        name: "field \(field)",
                        value: "'\(item)' is not 7-bit ASCII (Type-1 always is; others need 1.015 DCS = UTF-8)")
                }
                body.append(contentsOf: bytes)
            }
        }
    }

    /// `T.nnn:` with at least three digits for the field number.
    static func tag(_ type: Int, _ number: Int) -> [UInt8] {
        let digits = String(number)
        return Array((String(type) + "." + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + ":").utf8)
    }
}
