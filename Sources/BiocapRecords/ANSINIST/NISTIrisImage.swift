import BiocapCore

/// A Type-17 iris image record (ANSI/NIST-ITL 1-2011 §8.17), typed.
public struct NISTIrisImage: Sendable, Hashable {
    public var idc: Int
    /// 17.003 ELR eye label: 0 undefined, 1 right, 2 left (the ISO/IEC 19794-6 codes).
    public var eye: EyePosition
    /// 17.004 SRC.
    public var sourceAgency: String
    /// 17.005 ICD iris capture date.
    public var captureDate: NISTDate
    /// 17.006–17.011.
    public var geometry: NISTImageGeometry
    /// 17.012 BPX (8–99): 8 for grey, 24 for RGB (16/48 for deeper samples).
    public var bitsPerPixel: Int
    /// 17.013 CSP.
    public var colourSpace: NISTColourSpace
    /// 17.021 COM.
    public var comment: String?
    /// 17.024 IQS image quality scores.
    public var qualities: [NISTQualityMetric]
    /// 17.992 T2C (Update:2013 on).
    public var type2Reference: Int?
    /// 17.999 DATA.
    public var imageData: [UInt8]

    /// The compressions Table 88 allows in 17.011: JPEG (10918) is not among them.
    public static let compressions: Set<NISTCompression> = [.none, .png, .jp2, .jp2l]

    public init(
        idc: Int, eye: EyePosition, sourceAgency: String, captureDate: NISTDate, geometry: NISTImageGeometry,
        bitsPerPixel: Int, colourSpace: NISTColourSpace, comment: String? = nil, qualities: [NISTQualityMetric] = [],
        type2Reference: Int? = nil, imageData: [UInt8]
    ) {
        self.idc = idc
        self.eye = eye
        self.sourceAgency = sourceAgency
        self.captureDate = captureDate
        self.geometry = geometry
        self.bitsPerPixel = bitsPerPixel
        self.colourSpace = colourSpace
        self.comment = comment
        self.qualities = qualities
        self.type2Reference = type2Reference
        self.imageData = imageData
    }

    /// The record; throws when a value breaks the standard's rules.
    public func record() throws(RecordError) -> NISTRecord {
        try validate()
        var fields = [
            NISTField(2, String(idc)), NISTField(3, String(eye.rawValue)), NISTField(4, sourceAgency),
            NISTField(5, captureDate.description),
        ] + geometry.fields + [NISTField(12, String(bitsPerPixel)), NISTField(13, colourSpace.rawValue)]
        if let comment { fields.append(NISTField(21, comment)) }
        if !qualities.isEmpty { fields.append(NISTField(24, subfields: qualities.map(\.items))) }
        if let type2Reference { fields.append(NISTField(992, String(type2Reference))) }
        fields.append(NISTField(binary: imageData))
        return NISTRecord(type: 17, fields: fields)
    }

    /// Reads and validates a Type-17 record.
    public init(_ record: NISTRecord) throws(RecordError) {
        guard record.type == 17 else { throw .invalidField(name: "Type-17 record", value: "record is Type-\(record.type)") }
        let values = NISTFieldValues(record)
        let space = try values.text(13, "CSP")
        guard let colourSpace = NISTColourSpace(rawValue: space) else {
            throw .invalidField(name: "\(values.name) 17.013 CSP", value: space)
        }
        guard let imageData = try values.imageData() else {
            throw .invalidField(name: values.name, value: "field 17.999 DATA is missing")
        }
        let eyeCode = try values.integer(3, "ELR", 0...2)
        self.init(
            idc: try values.integer(2, "IDC", 0...99), eye: EyePosition(rawValue: UInt8(eyeCode)) ?? .undefined,
            sourceAgency: try values.text(4, "SRC"),
            captureDate: try NISTDate(text: try values.text(5, "ICD"), field: "\(values.name) 17.005 ICD"),
            geometry: try NISTImageGeometry(values), bitsPerPixel: try values.integer(12, "BPX", 8...99), colourSpace: colourSpace,
            comment: try values.optionalText(21, "COM"),
            qualities: try values.subfields(24, "IQS", items: 3...3).map { items throws(RecordError) in
                try NISTQualityMetric.parse(items, withPosition: false, field: "\(values.name) 17.024 IQS")
            },
            type2Reference: try values.optionalInteger(992, "T2C", 0...99), imageData: imageData)
        try validate()
    }

    func validate() throws(RecordError) {
        let name = "Type-17 record (IDC \(idc))"
        guard (0...99).contains(idc) else { throw .valueOutOfRange(field: "\(name) IDC", value: idc, allowed: 0...99) }
        guard !sourceAgency.isEmpty else { throw .invalidField(name: "\(name) 17.004 SRC", value: "empty") }
        try geometry.validate(name)
        guard (8...99).contains(bitsPerPixel) else {
            throw .valueOutOfRange(field: "\(name) 17.012 BPX", value: bitsPerPixel, allowed: 8...99)
        }
        guard Self.compressions.contains(geometry.compression) else {
            throw .invalidField(name: "\(name) 17.011 CGA", value: "\(geometry.compression.rawValue) (Type-17 allows NONE, PNG, JP2, JP2L)")
        }
        for quality in qualities { try quality.validate(field: "\(name) 17.024 IQS") }
        try geometry.check(imageData, bytesPerPixel: (bitsPerPixel + 7) / 8, name)
    }
}
