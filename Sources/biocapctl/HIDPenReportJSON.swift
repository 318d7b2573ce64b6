import BiocapHID

/// The JSON shape `biocapctl hid describe` prints for a pen report; field offsets count from byte 0 of the report
/// as read, the Report ID included.
struct HIDPenReportJSON: Encodable {
    struct Field: Encodable {
        var usage: String
        var bitOffset: Int
        var bitSize: Int
        var logicalMinimum: Int64
        var logicalMaximum: Int64
        var physicalMinimum: Int64
        var physicalMaximum: Int64
        /// The HID unit code in hex (`0x13` inch, `0x11` cm, `0x14` degrees), nil for none.
        var unit: String?
        var unitExponent: Int
        /// The physical extent in millimetres when the unit is a length.
        var physicalMillimetres: Double?

        init(_ field: HIDReportField) {
            usage = field.usage.description
            bitOffset = field.bitOffset
            bitSize = field.bitSize
            logicalMinimum = field.logicalMinimum
            logicalMaximum = field.logicalMaximum
            physicalMinimum = field.physicalMinimum
            physicalMaximum = field.physicalMaximum
            unit = field.unit == 0 ? nil : "0x" + String(field.unit, radix: 16)
            unitExponent = field.unitExponent
            physicalMillimetres = field.physicalExtentMillimetres
        }
    }

    var reportID: Int?
    /// Bytes of the report as read, the Report ID included.
    var reportBytes: Int
    var application: String?
    var fields: [String: Field]
    /// The active area believed (nil when the descriptor's extents are missing or implausible).
    var activeAreaMillimetres: [Double]?
    /// Other reports that also carry a pen (read too by the driver).
    var otherPenReportIDs: [Int?]

    init(_ pens: [PenReport]) {
        let pen = pens[0]
        reportID = pen.reportID.map(Int.init)
        reportBytes = pen.length
        application = pen.application?.description
        let named: [(String, HIDReportField?)] = [
            ("x", pen.x), ("y", pen.y), ("pressure", pen.tipPressure), ("tip", pen.tipSwitch), ("inRange", pen.inRange),
            ("xTilt", pen.xTilt), ("yTilt", pen.yTilt), ("scanTime", pen.scanTime),
        ]
        var fields: [String: Field] = [:]
        for case let (name, field?) in named { fields[name] = Field(field) }
        self.fields = fields
        activeAreaMillimetres = pen.activeAreaMillimetres.map { [$0.width, $0.height] }
        otherPenReportIDs = pens.dropFirst().map { $0.reportID.map(Int.init) }
    }
}
