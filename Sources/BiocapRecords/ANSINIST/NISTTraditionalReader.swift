/// Reads the traditional encoding strictly. Every length is checked against the bytes before it is used (nothing is
/// allocated from a declared length; records are cut from the input), every loop advances, and each problem is a
/// `RecordError` that names the record and field.
enum NISTTraditionalReader {
    /// Record types whose field 999 holds binary data (image or other binary content).
    static let binaryDataTypes: Set<Int> = [10, 13, 14, 15, 16, 17, 19, 20, 21, 22, 99]
    /// A LEN longer than this many digits (a terabyte) cannot describe a real file.
    static let maximumLengthDigits = 12

    static func decode(_ bytes: [UInt8]) throws(RecordError) -> NISTTransaction {
        guard !bytes.isEmpty else { throw .truncated(at: 0, need: 1) }
        var offset = 0
        var header = try readRecord(bytes, at: &offset, expectedType: 1, position: 1, unicode: false)
        let content = try contentList(header)
        header.fields.removeAll { $0.number == 3 }
        let unicode = NISTCharacterEncoding.declaresUTF8(header)
        var records = [header]
        for (index, entry) in content.enumerated() {
            guard offset < bytes.count else {
                throw .lengthMismatch(field: "1.003 CNT record count", declared: content.count, actual: index)
            }
            let record = try readRecord(bytes, at: &offset, expectedType: entry.type, position: index + 2, unicode: unicode)
            guard record.idc == entry.idc else {
                throw .invalidField(
                    name: "record \(index + 2) (Type-\(record.type)) IDC",
                    value: "\(record.value(2) ?? "missing"), but 1.003 CNT says \(entry.idc)")
            }
            records.append(record)
        }
        guard offset == bytes.count else {
            throw .lengthMismatch(
                field: "transaction after the \(content.count + 1) records 1.003 CNT lists", declared: offset, actual: bytes.count)
        }
        let transaction = NISTTransaction(records: records)
        for record in records { try NISTRecordRules.validate(record) }
        return transaction
    }

    /// 1.003 CNT: `1<US>n`, then n subfields `type<US>IDC`.
    static func contentList(_ header: NISTRecord) throws(RecordError) -> [(type: Int, idc: Int)] {
        guard let subfields = header.field(3)?.subfields, let first = subfields.first else {
            throw .invalidField(name: "1.003 CNT", value: "missing")
        }
        guard first.count == 2, first[0] == "1", let count = number(first[1], digits: 1...3) else {
            throw .invalidField(name: "1.003 CNT first subfield", value: first.joined(separator: "/"))
        }
        guard count == subfields.count - 1 else {
            throw .lengthMismatch(field: "1.003 CNT record count", declared: count, actual: subfields.count - 1)
        }
        var list: [(type: Int, idc: Int)] = []
        for (index, entry) in subfields.dropFirst().enumerated() {
            guard entry.count == 2, let type = number(entry[0], digits: 1...2), let idc = number(entry[1], digits: 1...2) else {
                throw .invalidField(name: "1.003 CNT subfield \(index + 2)", value: entry.joined(separator: "/"))
            }
            guard type == 2 || (9...99).contains(type) else {
                if (3...8).contains(type) { throw .unsupported("binary record Type-\(type) (listed in 1.003 CNT)") }
                throw .invalidField(name: "1.003 CNT subfield \(index + 2) record type", value: String(type))
            }
            list.append((type, idc))
        }
        return list
    }

    /// Reads the record starting at `offset`, checks its LEN and moves `offset` past it.
    static func readRecord(
        _ bytes: [UInt8], at offset: inout Int, expectedType: Int, position: Int, unicode: Bool
    ) throws(RecordError) -> NISTRecord {
        let start = offset
        var cursor = start
        let name = "record \(position) (Type-\(expectedType))"
        let (type, first) = try readTag(bytes, at: &cursor, end: bytes.count, record: name)
        guard type == expectedType else {
            throw .invalidField(name: "\(name) type", value: "its tags say Type-\(type)")
        }
        guard first == 1 else { throw .invalidField(name: "\(name) first field", value: "\(type).\(first), not \(type).001 LEN") }
        var length = 0
        var digits = 0
        while cursor < bytes.count, bytes[cursor] != NISTSeparator.group {
            let byte = bytes[cursor]
            guard (0x30...0x39).contains(byte), digits < maximumLengthDigits else {
                throw .invalidField(name: "\(name) LEN", value: "not a number of at most \(maximumLengthDigits) digits")
            }
            length = length * 10 + Int(byte - 0x30)
            digits += 1
            cursor += 1
        }
        guard digits > 0 else { throw .invalidField(name: "\(name) LEN", value: "empty") }
        guard cursor < bytes.count else { throw .truncated(at: cursor, need: 1) }
        cursor += 1
        let available = bytes.count - start
        guard length > cursor - start, length <= available else {
            throw .lengthMismatch(field: "\(name) LEN", declared: length, actual: available)
        }
        let end = start + length
        let last = end - 1
        guard bytes[last] == NISTSeparator.file else {
            throw .invalidField(name: "\(name) LEN \(length)", value: "byte \(last) is not the FS that ends a record")
        }
        var fields: [NISTField] = []
        var seen: Set<Int> = [1]
        while cursor < last {
            let (fieldType, number) = try readTag(bytes, at: &cursor, end: last, record: name)
            guard fieldType == type else {
                throw .invalidField(name: "\(name) field tag \(fieldType).\(number)", value: "names another record type")
            }
            guard seen.insert(number).inserted else {
                throw .invalidField(name: "\(name) field \(type).\(number)", value: "appears more than once")
            }
            if number == NISTField.imageDataNumber, binaryDataTypes.contains(type) {
                fields.append(NISTField(binary: Array(bytes[cursor..<last])))
                cursor = last
                break
            }
            var stop = cursor
            while stop < last, bytes[stop] != NISTSeparator.group, bytes[stop] != NISTSeparator.file { stop += 1 }
            if stop < last, bytes[stop] == NISTSeparator.file {
                throw .lengthMismatch(field: "\(name) LEN (an FS ends the record earlier)", declared: length, actual: stop + 1 - start)
            }
            let text = try parseText(bytes[cursor..<stop], field: "\(type).\(number)", unicode: unicode && type != 1)
            fields.append(NISTField(number, content: .text(text)))
            cursor = stop
            if cursor < last {
                cursor += 1
                guard cursor < last else {
                    throw .invalidField(name: "\(name) field after \(type).\(number)", value: "GS followed by the record's FS")
                }
            }
        }
        guard let second = fields.first?.number, second == 2 else {
            throw .invalidField(name: "\(name) second field", value: "must be \(type).002 (\(type == 1 ? "VER" : "IDC"))")
        }
        offset = end
        return NISTRecord(type: type, fields: fields)
    }

    /// A tag `T.nnn:`: record type 1–2 digits without a leading zero, field number exactly three digits.
    static func readTag(_ bytes: [UInt8], at cursor: inout Int, end: Int, record: String) throws(RecordError) -> (Int, Int) {
        let start = cursor
        func fail() -> RecordError {
            let shown = bytes[start..<min(end, start + 12)].map { NISTSeparator.isText($0) && $0 < 0x80 ? String(UnicodeScalar($0)) : "·" }
            return .invalidField(name: "\(record) field tag at offset \(start)", value: "'\(shown.joined())' is not T.nnn:")
        }
        var type = 0
        var typeDigits = 0
        while cursor < end, (0x30...0x39).contains(bytes[cursor]), typeDigits < 2 {
            type = type * 10 + Int(bytes[cursor] - 0x30)
            typeDigits += 1
            cursor += 1
        }
        guard typeDigits > 0, bytes[start] != 0x30, cursor < end, bytes[cursor] == 0x2E else { throw fail() }
        cursor += 1
        var number = 0
        for _ in 0..<3 {
            guard cursor < end, (0x30...0x39).contains(bytes[cursor]) else { throw fail() }
            number = number * 10 + Int(bytes[cursor] - 0x30)
            cursor += 1
        }
        guard cursor < end, bytes[cursor] == 0x3A, number >= 1 else { throw fail() }
        cursor += 1
        return (type, number)
    }

    /// Splits a text field into subfields (RS) and items (US); only printable text between them.
    static func parseText(_ bytes: ArraySlice<UInt8>, field: String, unicode: Bool) throws(RecordError) -> [[String]] {
        var subfields: [[String]] = []
        var items: [String] = []
        var item: [UInt8] = []
        func finishItem() throws(RecordError) {
            if item.contains(where: { $0 >= 0x80 }) {
                guard unicode, let text = String(validating: item, as: UTF8.self) else {
                    throw .invalidField(name: "field \(field)", value: "non-ASCII text without 1.015 DCS declaring valid UTF-8")
                }
                items.append(text)
            } else {
                items.append(String(decoding: item, as: UTF8.self))
            }
            item.removeAll(keepingCapacity: true)
        }
        for byte in bytes {
            switch byte {
            case NISTSeparator.unit:
                try finishItem()
            case NISTSeparator.record:
                try finishItem()
                subfields.append(items)
                items = []
            default:
                guard NISTSeparator.isText(byte) else {
                    throw .invalidField(name: "field \(field)", value: "control character 0x\(String(byte, radix: 16)) in text")
                }
                item.append(byte)
            }
        }
        try finishItem()
        subfields.append(items)
        return subfields
    }

    /// A decimal number of `digits` ASCII digits; nil otherwise.
    static func number(_ text: String, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }
}
