import BiocapCore

/// A Type-14 variable-resolution friction ridge image record (ANSI/NIST-ITL 1-2011 §8.14), typed: one finger or
/// one slap.
public struct NISTFingerprintImage: Sendable, Hashable {
    public var idc: Int
    /// 14.003 IMP impression type (0 plain contact, 1 rolled, … 29 unknown; Table 7).
    public var impressionType: Int
    /// 14.004 SRC source agency.
    public var sourceAgency: String
    /// 14.005 FCD capture date.
    public var captureDate: NISTDate
    /// 14.006–14.011; nil exactly when there is no image (every finger in AMP).
    public var geometry: NISTImageGeometry?
    /// 14.012 BPX bits per pixel; nil exactly when there is no image.
    public var bitsPerPixel: Int?
    /// 14.013 FGP: the finger (1–10) or slap (13 right four, 14 left four, 15 both thumbs) position(s), up to 6.
    public var positions: [FingerPosition]
    /// 14.016/14.017 SHPS/SVPS, when the scanner's spacing differs from the transmitted one.
    public var scannedHorizontalPixelScale: Int?
    public var scannedVerticalPixelScale: Int?
    /// 14.018 AMP.
    public var amputations: [NISTAmputation]
    /// 14.020 COM.
    public var comment: String?
    /// 14.021 SEG: finger boxes in a slap.
    public var segments: [SlapSegment]
    /// 14.024 FQM: one per finger (FRMP is a single finger).
    public var qualities: [NISTQualityMetric]
    /// 14.992 T2C (Update:2013 on): the IDC of the Type-2 record this image belongs to.
    public var type2Reference: Int?
    /// 14.999 DATA; absent only when every finger is in AMP.
    public var imageData: [UInt8]?

    /// Impression codes of Table 7 (the 2011 edition; the same numbers as ISO/IEC 19794-4:2011).
    public static let impressionCodes: Set<Int> = Set(0...8).union(10...15).union(20...39)

    public init(
        idc: Int, impressionType: Int, sourceAgency: String, captureDate: NISTDate, geometry: NISTImageGeometry?,
        bitsPerPixel: Int?, positions: [FingerPosition], scannedHorizontalPixelScale: Int? = nil,
        scannedVerticalPixelScale: Int? = nil, amputations: [NISTAmputation] = [], comment: String? = nil,
        segments: [SlapSegment] = [], qualities: [NISTQualityMetric] = [], type2Reference: Int? = nil, imageData: [UInt8]?
    ) {
        self.idc = idc
        self.impressionType = impressionType
        self.sourceAgency = sourceAgency
        self.captureDate = captureDate
        self.geometry = geometry
        self.bitsPerPixel = bitsPerPixel
        self.positions = positions
        self.scannedHorizontalPixelScale = scannedHorizontalPixelScale
        self.scannedVerticalPixelScale = scannedVerticalPixelScale
        self.amputations = amputations
        self.comment = comment
        self.segments = segments
        self.qualities = qualities
        self.type2Reference = type2Reference
        self.imageData = imageData
    }

    /// The record; throws when a value breaks the standard's rules.
    public func record() throws(RecordError) -> NISTRecord {
        try validate()
        var fields = [
            NISTField(2, String(idc)), NISTField(3, String(impressionType)), NISTField(4, sourceAgency),
            NISTField(5, captureDate.description), NISTField(13, subfields: positions.map { [String($0.rawValue)] }),
        ]
        if let geometry, let bitsPerPixel { fields += geometry.fields + [NISTField(12, String(bitsPerPixel))] }
        if let scannedHorizontalPixelScale, let scannedVerticalPixelScale {
            fields += [NISTField(16, String(scannedHorizontalPixelScale)), NISTField(17, String(scannedVerticalPixelScale))]
        }
        if !amputations.isEmpty {
            fields.append(NISTField(18, subfields: amputations.map { [String($0.finger.rawValue), $0.code.rawValue] }))
        }
        if let comment { fields.append(NISTField(20, comment)) }
        if !segments.isEmpty { fields.append(NISTField(21, subfields: segments.map(\.items))) }
        if !qualities.isEmpty { fields.append(NISTField(24, subfields: qualities.map(\.items))) }
        if let type2Reference { fields.append(NISTField(992, String(type2Reference))) }
        if let imageData { fields.append(NISTField(binary: imageData)) }
        return NISTRecord(type: 14, fields: fields)
    }

    /// Reads and validates a Type-14 record.
    public init(_ record: NISTRecord) throws(RecordError) {
        guard record.type == 14 else { throw .invalidField(name: "Type-14 record", value: "record is Type-\(record.type)") }
        let values = NISTFieldValues(record)
        let name = values.name
        let positions = try values.subfields(13, "FGP", items: 1...1).map { items throws(RecordError) in
            try Self.position(items[0], "\(name) 14.013 FGP")
        }
        guard (1...6).contains(positions.count) else {
            throw .invalidField(name: name, value: "mandatory field 14.013 FGP is missing or holds more than 6 positions")
        }
        let amputations = try values.subfields(18, "AMP", items: 2...2).map { items throws(RecordError) in
            guard let code = NISTAmputation.Code(rawValue: items[1]) else {
                throw .invalidField(name: "\(name) 14.018 AMP", value: "code '\(items[1])' (XX or UP)")
            }
            return NISTAmputation(finger: try Self.position(items[0], "\(name) 14.018 AMP"), code: code)
        }
        let segments = try values.subfields(21, "SEG", items: 5...5).map { items throws(RecordError) in
            let field = "\(name) 14.021 SEG"
            return SlapSegment(
                finger: try Self.position(items[0], field), left: try NISTFieldValues.integer(items[1], field, 0...99_999),
                right: try NISTFieldValues.integer(items[2], field, 0...99_999),
                top: try NISTFieldValues.integer(items[3], field, 0...99_999),
                bottom: try NISTFieldValues.integer(items[4], field, 0...99_999))
        }
        let qualities = try values.subfields(24, "FQM", items: 4...4).map { items throws(RecordError) in
            try NISTQualityMetric.parse(items, withPosition: true, field: "\(name) 14.024 FQM")
        }
        let imageData = try values.imageData()
        // HLL … BPX are there exactly when the image is (Table "Type-14 record layout": condition D).
        let described = imageData != nil
        self.init(
            idc: try values.integer(2, "IDC", 0...99), impressionType: try values.integer(3, "IMP", 0...99),
            sourceAgency: try values.text(4, "SRC"),
            captureDate: try NISTDate(text: try values.text(5, "FCD"), field: "\(name) 14.005 FCD"),
            geometry: described ? try NISTImageGeometry(values) : nil,
            bitsPerPixel: described ? try values.integer(12, "BPX", 8...99) : nil,
            positions: positions, scannedHorizontalPixelScale: try values.optionalInteger(16, "SHPS", NISTImageGeometry.scaleRange),
            scannedVerticalPixelScale: try values.optionalInteger(17, "SVPS", NISTImageGeometry.scaleRange),
            amputations: amputations, comment: try values.optionalText(20, "COM"), segments: segments, qualities: qualities,
            type2Reference: try values.optionalInteger(992, "T2C", 0...99), imageData: imageData)
        if !described, let extra = [6, 7, 8, 9, 10, 11, 12].first(where: { record.field($0) != nil }) {
            throw .invalidField(name: name, value: "field \(values.tag(extra, "")) describes an image the record does not hold")
        }
        try validate()
    }

    static func position(_ text: String, _ field: String) throws(RecordError) -> FingerPosition {
        let code = try NISTFieldValues.integer(text, field, 0...255)
        guard let position = FingerPosition(rawValue: UInt8(code)) else {
            throw .unsupported("\(field) finger position \(code) (biocap reads 0–10 and 13–15)")
        }
        return position
    }

    func validate() throws(RecordError) {
        let name = "Type-14 record (IDC \(idc))"
        guard (0...99).contains(idc) else { throw .valueOutOfRange(field: "\(name) IDC", value: idc, allowed: 0...99) }
        guard Self.impressionCodes.contains(impressionType) else {
            throw .invalidField(name: "\(name) 14.003 IMP", value: "\(impressionType) is not in Table 7")
        }
        guard !sourceAgency.isEmpty else { throw .invalidField(name: "\(name) 14.004 SRC", value: "empty") }
        if let geometry { try geometry.validate(name) }
        if let bitsPerPixel, !(8...99).contains(bitsPerPixel) {
            throw .valueOutOfRange(field: "\(name) 14.012 BPX", value: bitsPerPixel, allowed: 8...99)
        }
        guard (1...6).contains(positions.count) else {
            throw .invalidField(name: "\(name) 14.013 FGP", value: "\(positions.count) positions (1–6)")
        }
        guard (scannedHorizontalPixelScale == nil) == (scannedVerticalPixelScale == nil) else {
            throw .invalidField(name: "\(name) 14.016/14.017", value: "SHPS and SVPS go together")
        }
        if !segments.isEmpty {
            guard positions.count == 1, let slap = positions.first, slap.isSlap else {
                throw .invalidField(name: "\(name) 14.021 SEG", value: "only a slap record (FGP 13, 14 or 15) is segmented")
            }
            guard let geometry else { throw .invalidField(name: "\(name) 14.021 SEG", value: "segments of a record without an image") }
            for segment in segments {
                try segment.validate(in: slap, width: geometry.width, height: geometry.height)
            }
        }
        for quality in qualities { try quality.validate(field: "\(name) 14.024 FQM") }
        switch (imageData, geometry, bitsPerPixel) {
        case (let data?, let geometry?, let bits?):
            try geometry.check(data, bytesPerPixel: (bits + 7) / 8, name)
        case (nil, nil, nil):
            guard !amputations.isEmpty else {
                throw .invalidField(name: name, value: "no 14.999 image data and no 14.018 AMP saying why")
            }
        default:
            throw .invalidField(name: name, value: "14.006–14.012 are given exactly when 14.999 holds an image")
        }
    }
}
