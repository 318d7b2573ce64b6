import Foundation

/// The Type-1 transaction information record (ANSI/NIST-ITL 1-2011 §8.1), typed. CNT (1.003) is not here: the
/// writer builds it from the transaction's records.
public struct NISTTransactionInformation: Sendable, Hashable {
    /// 1.002 VER, four digits (`0500` for 2011).
    public var version: String
    /// 1.004 TOT, 1–16 letters, agreed with the receiver.
    public var typeOfTransaction: String
    /// 1.005 DAT, the date the transaction was made.
    public var date: NISTDate
    /// 1.006 PRY, 1 (highest) … 9.
    public var priority: Int?
    /// 1.007 DAI, the destination agency.
    public var destinationAgency: String
    /// 1.008 ORI, the originating agency.
    public var originatingAgency: String
    /// 1.009 TCN, the transaction control number.
    public var controlNumber: String
    /// 1.010 TCR, the control number of the transaction this one answers.
    public var controlReference: String?
    /// 1.011 NSR and 1.012 NTR, `NN.NN` pixels per millimetre; `00.00` when the transaction holds no Type-3 to
    /// Type-7 (fixed-resolution) image records — the tagged image records carry their own resolution.
    public var nativeScanningResolution: String
    public var nominalTransmittingResolution: String
    /// 1.013 DOM: the domain whose Type-2 definitions apply (name, optional version).
    public var domainName: String?
    public var domainVersion: String?
    /// 1.014 GMT, whole seconds, UTC.
    public var greenwichMeanTime: Date?
    /// 1.015 DCS: whether text outside Type-1 is UTF-8 (otherwise 7-bit ASCII).
    public var declaresUTF8: Bool

    public init(
        version: String = NISTVersion.v2011.rawValue, typeOfTransaction: String, date: NISTDate, priority: Int? = nil,
        destinationAgency: String, originatingAgency: String, controlNumber: String, controlReference: String? = nil,
        nativeScanningResolution: String = "00.00", nominalTransmittingResolution: String = "00.00",
        domainName: String? = nil, domainVersion: String? = nil, greenwichMeanTime: Date? = nil, declaresUTF8: Bool = false
    ) {
        self.version = version
        self.typeOfTransaction = typeOfTransaction
        self.date = date
        self.priority = priority
        self.destinationAgency = destinationAgency
        self.originatingAgency = originatingAgency
        self.controlNumber = controlNumber
        self.controlReference = controlReference
        self.nativeScanningResolution = nativeScanningResolution
        self.nominalTransmittingResolution = nominalTransmittingResolution
        self.domainName = domainName
        self.domainVersion = domainVersion
        self.greenwichMeanTime = greenwichMeanTime
        self.declaresUTF8 = declaresUTF8
    }

    /// The Type-1 record (without LEN and CNT); throws when a value breaks the standard's rules.
    public func record() throws(RecordError) -> NISTRecord {
        try validate()
        var fields = [
            NISTField(2, version), NISTField(4, typeOfTransaction), NISTField(5, date.description),
            NISTField(7, destinationAgency), NISTField(8, originatingAgency), NISTField(9, controlNumber),
            NISTField(11, nativeScanningResolution), NISTField(12, nominalTransmittingResolution),
        ]
        if let priority { fields.append(NISTField(6, String(priority))) }
        if let controlReference { fields.append(NISTField(10, controlReference)) }
        if let domainName { fields.append(NISTField(13, items: [domainName] + (domainVersion.map { [$0] } ?? []))) }
        if let greenwichMeanTime { fields.append(NISTField(14, NISTDate.gmt(greenwichMeanTime))) }
        if declaresUTF8 { fields.append(NISTCharacterEncoding.utf8Field) }
        return NISTRecord(type: 1, fields: fields.sorted { $0.number < $1.number })
    }

    /// Reads and validates a Type-1 record.
    public init(_ record: NISTRecord) throws(RecordError) {
        guard record.type == 1 else { throw .invalidField(name: "Type-1 record", value: "record is Type-\(record.type)") }
        let values = NISTFieldValues(record)
        let domain = try values.subfields(13, "DOM", items: 1...2).first
        guard try values.subfields(13, "DOM", items: 1...2).count <= 1 else {
            throw .invalidField(name: "1.013 DOM", value: "more than one subfield")
        }
        self.init(
            version: try values.text(2, "VER"), typeOfTransaction: try values.text(4, "TOT"),
            date: try NISTDate(text: try values.text(5, "DAT"), field: "1.005 DAT"),
            priority: try values.optionalInteger(6, "PRY", 1...9), destinationAgency: try values.text(7, "DAI"),
            originatingAgency: try values.text(8, "ORI"), controlNumber: try values.text(9, "TCN"),
            controlReference: try values.optionalText(10, "TCR"), nativeScanningResolution: try values.text(11, "NSR"),
            nominalTransmittingResolution: try values.text(12, "NTR"), domainName: domain?.first,
            domainVersion: domain.flatMap { $0.count > 1 ? $0[1] : nil },
            greenwichMeanTime: try values.optionalText(14, "GMT").map { text throws(RecordError) in
                try NISTDate.gmt(text: text, field: "1.014 GMT")
            },
            declaresUTF8: NISTCharacterEncoding.declaresUTF8(record))
        try validate()
    }

    func validate() throws(RecordError) {
        guard NISTVersion.readable.contains(version) else { throw .invalidField(name: "1.002 VER", value: version) }
        let letters = typeOfTransaction.utf8
        guard (1...16).contains(letters.count), letters.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw .invalidField(name: "1.004 TOT", value: "'\(typeOfTransaction)' is not 1–16 letters")
        }
        if let priority, !(1...9).contains(priority) {
            throw .valueOutOfRange(field: "1.006 PRY", value: priority, allowed: 1...9)
        }
        for (value, field) in [(destinationAgency, "1.007 DAI"), (originatingAgency, "1.008 ORI"), (controlNumber, "1.009 TCN")]
        where value.isEmpty {
            throw .invalidField(name: field, value: "empty")
        }
        for (value, field) in [(nativeScanningResolution, "1.011 NSR"), (nominalTransmittingResolution, "1.012 NTR")] {
            let bytes = Array(value.utf8)
            guard bytes.count == 5, bytes[2] == 0x2E,
                  bytes.enumerated().allSatisfy({ $0.offset == 2 || (0x30...0x39).contains($0.element) }) else {
                throw .invalidField(name: field, value: "'\(value)' is not NN.NN")
            }
        }
    }
}
