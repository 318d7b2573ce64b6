/// The per-record checks the reader makes after the structure is sound: mandatory fields present and values valid
/// for the record types biocap writes (1, 2, 10, 14, 17); IDC for every other type.
enum NISTRecordRules {
    static func validate(_ record: NISTRecord) throws(RecordError) {
        switch record.type {
        case 1:
            _ = try NISTTransactionInformation(record)
        case 2:
            _ = try NISTDescriptiveText(record)
        case 10:
            _ = try NISTFacialImage(record)
        case 14:
            _ = try NISTFingerprintImage(record)
        case 17:
            _ = try NISTIrisImage(record)
        default:
            try require(record, [2])
        }
    }

    static func require(_ record: NISTRecord, _ numbers: [Int]) throws(RecordError) {
        let values = NISTFieldValues(record)
        _ = try values.integer(2, "IDC", 0...99)
        for number in numbers where record.field(number) == nil {
            throw .invalidField(name: values.name, value: "mandatory field \(values.tag(number, "")) is missing")
        }
    }
}
