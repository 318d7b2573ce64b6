/// A Type-10 facial and other body part image record (ANSI/NIST-ITL 1-2011 §8.10), typed for face images.
public struct NISTFacialImage: Sendable, Hashable {
    public var idc: Int
    /// 10.003 IMT image type (`FACE`, `SCAR`, `MARK`, `TATTOO` …).
    public var imageType: String
    /// 10.004 SRC.
    public var sourceAgency: String
    /// 10.005 PHD photo capture date.
    public var captureDate: NISTDate
    /// 10.006–10.011.
    public var geometry: NISTImageGeometry
    /// 10.012 CSP.
    public var colourSpace: NISTColourSpace
    /// 10.013 SAP subject acquisition profile (mandatory for faces): 0 unknown, 1 surveillance, 10–15, 20, 30, 32,
    /// 40, 42, 50–52 (Table 19).
    public var acquisitionProfile: Int?
    /// 10.023 PAS photo acquisition source (`UNSPECIFIED`, `DIGITAL CAMERA` …).
    public var acquisitionSource: String?
    /// 10.024 SQS subject quality scores.
    public var qualities: [NISTQualityMetric]
    /// 10.038 COM.
    public var comment: String?
    /// 10.992 T2C (Update:2013 on).
    public var type2Reference: Int?
    /// 10.999 DATA.
    public var imageData: [UInt8]

    public static let face = "FACE"
    public static let acquisitionProfiles: Set<Int> = [0, 1, 10, 11, 12, 13, 14, 15, 20, 30, 32, 40, 42, 50, 51, 52]
    public static let acquisitionSources: Set<String> = [
        "UNSPECIFIED", "UNKNOWN PHOTO", "DIGITAL CAMERA", "SCANNER", "UNKNOWN VIDEO", "ANALOGUE VIDEO", "DIGITAL VIDEO",
        "VENDOR",
    ]

    public init(
        idc: Int, imageType: String = face, sourceAgency: String, captureDate: NISTDate, geometry: NISTImageGeometry,
        colourSpace: NISTColourSpace, acquisitionProfile: Int? = 0, acquisitionSource: String? = nil,
        qualities: [NISTQualityMetric] = [], comment: String? = nil, type2Reference: Int? = nil, imageData: [UInt8]
    ) {
        self.idc = idc
        self.imageType = imageType
        self.sourceAgency = sourceAgency
        self.captureDate = captureDate
        self.geometry = geometry
        self.colourSpace = colourSpace
        self.acquisitionProfile = acquisitionProfile
        self.acquisitionSource = acquisitionSource
        self.qualities = qualities
        self.comment = comment
        self.type2Reference = type2Reference
        self.imageData = imageData
    }

    /// The record; throws when a value breaks the standard's rules.
    public func record() throws(RecordError) -> NISTRecord {
        try validate()
        var fields = [
            NISTField(2, String(idc)), NISTField(3, imageType), NISTField(4, sourceAgency), NISTField(5, captureDate.description),
        ] + geometry.fields + [NISTField(12, colourSpace.rawValue)]
        if let acquisitionProfile { fields.append(NISTField(13, String(acquisitionProfile))) }
        if let acquisitionSource { fields.append(NISTField(23, acquisitionSource)) }
        if !qualities.isEmpty { fields.append(NISTField(24, subfields: qualities.map(\.items))) }
        if let comment { fields.append(NISTField(38, comment)) }
        if let type2Reference { fields.append(NISTField(992, String(type2Reference))) }
        fields.append(NISTField(binary: imageData))
        return NISTRecord(type: 10, fields: fields)
    }

    /// Reads and validates a Type-10 record.
    public init(_ record: NISTRecord) throws(RecordError) {
        guard record.type == 10 else { throw .invalidField(name: "Type-10 record", value: "record is Type-\(record.type)") }
        let values = NISTFieldValues(record)
        let space = try values.text(12, "CSP")
        guard let colourSpace = NISTColourSpace(rawValue: space) else {
            throw .invalidField(name: "\(values.name) 10.012 CSP", value: space)
        }
        guard let imageData = try values.imageData() else {
            throw .invalidField(name: values.name, value: "field 10.999 DATA is missing")
        }
        self.init(
            idc: try values.integer(2, "IDC", 0...99), imageType: try values.text(3, "IMT"), sourceAgency: try values.text(4, "SRC"),
            captureDate: try NISTDate(text: try values.text(5, "PHD"), field: "\(values.name) 10.005 PHD"),
            geometry: try NISTImageGeometry(values), colourSpace: colourSpace,
            acquisitionProfile: try values.optionalInteger(13, "SAP", 0...99), acquisitionSource: try values.optionalText(23, "PAS"),
            qualities: try values.subfields(24, "SQS", items: 3...3).map { items throws(RecordError) in
                try NISTQualityMetric.parse(items, withPosition: false, field: "\(values.name) 10.024 SQS")
            },
            comment: try values.optionalText(38, "COM"), type2Reference: try values.optionalInteger(992, "T2C", 0...99),
            imageData: imageData)
        try validate()
    }

    func validate() throws(RecordError) {
        let name = "Type-10 record (IDC \(idc))"
        guard (0...99).contains(idc) else { throw .valueOutOfRange(field: "\(name) IDC", value: idc, allowed: 0...99) }
        guard ["FACE", "SCAR", "MARK", "TATTOO", "OTHER"].contains(imageType) else {
            throw .invalidField(name: "\(name) 10.003 IMT", value: imageType)
        }
        guard !sourceAgency.isEmpty else { throw .invalidField(name: "\(name) 10.004 SRC", value: "empty") }
        try geometry.validate(name)
        if imageType == Self.face {
            guard let acquisitionProfile else { throw .invalidField(name: name, value: "a FACE needs 10.013 SAP") }
            guard Self.acquisitionProfiles.contains(acquisitionProfile) else {
                throw .invalidField(name: "\(name) 10.013 SAP", value: String(acquisitionProfile))
            }
        }
        if let acquisitionSource, !Self.acquisitionSources.contains(acquisitionSource) {
            throw .invalidField(name: "\(name) 10.023 PAS", value: acquisitionSource)
        }
        guard geometry.compression != .wsq20 else {
            throw .invalidField(name: "\(name) 10.011 CGA", value: "WSQ20 is for friction ridge images")
        }
        for quality in qualities { try quality.validate(field: "\(name) 10.024 SQS") }
        try geometry.check(imageData, bytesPerPixel: colourSpace.channels, name)
    }
}
