/// A Type-2 user-defined descriptive text record, as biocap fills it: the enrolment and the operator behind the
/// images. Type-2 content is defined by the receiving domain (1.013 DOM); biocap's domain is `BIOCAP` version 1:
///
/// - 2.009 the enrolment id. In the FBI's EBTS, the most widely used Type-2 definition, 2.009 is OCA, the
///   originating agency's case number: the submitter's own reference for the case, which is what an enrolment id
///   is. A receiver that maps EBTS fields finds it where it expects the submitter's reference.
/// - 2.900 the operator id. EBTS has no field for the capturing officer; 2.900 lies above the field numbers the
///   published profiles we know of use (EBTS, INTERPOL's INT-I), so it collides with none of them.
public struct NISTDescriptiveText: Sendable, Hashable {
    public var idc: Int
    public var enrolmentID: String?
    public var operatorID: String?

    public static let enrolmentIDField = 9
    public static let operatorIDField = 900

    public init(idc: Int = 0, enrolmentID: String?, operatorID: String?) {
        self.idc = idc
        self.enrolmentID = enrolmentID
        self.operatorID = operatorID
    }

    /// The record; throws when a value breaks the standard's rules.
    public func record() throws(RecordError) -> NISTRecord {
        guard (0...99).contains(idc) else { throw .valueOutOfRange(field: "Type-2 IDC", value: idc, allowed: 0...99) }
        var fields = [NISTField(2, String(idc))]
        if let enrolmentID { fields.append(NISTField(Self.enrolmentIDField, enrolmentID)) }
        if let operatorID { fields.append(NISTField(Self.operatorIDField, operatorID)) }
        return NISTRecord(type: 2, fields: fields)
    }

    /// Reads and validates a Type-2 record.
    public init(_ record: NISTRecord) throws(RecordError) {
        guard record.type == 2 else { throw .invalidField(name: "Type-2 record", value: "record is Type-\(record.type)") }
        let values = NISTFieldValues(record)
        self.init(
            idc: try values.integer(2, "IDC", 0...99), enrolmentID: try values.optionalText(Self.enrolmentIDField, "OCA"),
            operatorID: try values.optionalText(Self.operatorIDField, "operator"))
    }
}
