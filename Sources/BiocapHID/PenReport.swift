/// The input report a pen digitizer sends its pen state in, found in a parsed descriptor, and its decoder.
///
/// Found where real devices put it (`shared/devices/hid/descriptors/README.md`): in a Digitizer, Pen or Stylus
/// application, in Wacom's vendor page 0xFF0D that mirrors the digitizer usages, or — on some VEIKK and XP-Pen
/// tablets — in a Generic Desktop *Mouse* application that carries Tip Pressure. It needs X, Y and a Tip Switch or
/// Tip Pressure; touch screens (Touch Screen application, fingers) are not pens.
public struct PenReport: Sendable, Hashable {
    public var reportID: UInt8?
    /// Bytes of the report as read from the endpoint, the Report ID included.
    public var length: Int
    /// The application collection it is in.
    public var application: HIDUsage?
    public var x: HIDReportField
    public var y: HIDReportField
    public var tipSwitch: HIDReportField?
    public var tipPressure: HIDReportField?
    public var inRange: HIDReportField?
    public var barrel: HIDReportField?
    public var eraser: HIDReportField?
    public var invert: HIDReportField?
    public var xTilt: HIDReportField?
    public var yTilt: HIDReportField?
    public var scanTime: HIDReportField?

    static let penApplications: Set<HIDUsage> = [
        .digitizer, .pen, .stylus, HIDUsage(page: HIDUsage.wacomVendorPage, id: 0x01), HIDUsage(page: HIDUsage.wacomVendorPage, id: 0x02),
    ]

    /// The active area in millimetres from the descriptor's physical extents, when they are believable for a pen
    /// surface: each side 20–1000 mm, and at most 210 counts per mm (5,080 lines per inch is the finest any tablet
    /// reports). Nil when the descriptor gives none or nonsense (VEIKK's 21 × 28 mm for 32,767 counts, Inkling and some
    /// XP-Pen descriptors): a per-model table has to say then.
    public var activeAreaMillimetres: (width: Double, height: Double)? {
        guard let width = x.physicalExtentMillimetres, let height = y.physicalExtentMillimetres,
              (20...1000).contains(width), (20...1000).contains(height) else { return nil }
        let counts = (x: Double(x.logicalMaximum - x.logicalMinimum), y: Double(y.logicalMaximum - y.logicalMinimum))
        guard counts.x / width <= 210, counts.y / height <= 210 else { return nil }
        return (width, height)
    }

    /// The pen reports of a descriptor, best first: those in a pen application, then a Mouse application's with Tip
    /// Pressure. Empty when the interface has none (a vendor protocol, pad buttons, a keyboard, a touch screen).
    public static func find(in descriptor: HIDReportDescriptor) -> [PenReport] {
        var inPenApplication: [PenReport] = [], inMouse: [PenReport] = []
        for (id, fields) in descriptor.inputReports.sorted(by: { ($0.key ?? 0) < ($1.key ?? 0) }) {
            guard let report = PenReport(reportID: id, fields: fields, length: descriptor.inputReportLengths[id] ?? 0) else { continue }
            let applications = Set(fields.flatMap(\.applications))
            if !applications.isDisjoint(with: penApplications) {
                inPenApplication.append(report)
            } else if applications.contains(.mouse), report.tipPressure != nil, !report.x.isRelative {
                inMouse.append(report)
            }
        }
        return inPenApplication + inMouse
    }

    /// A pen report from one input report's fields, or nil without X, Y and a tip.
    init?(reportID: UInt8?, fields: [HIDReportField], length: Int) {
        func first(_ usage: HIDUsage) -> HIDReportField? { fields.first { $0.usage.standard == usage } }
        guard let x = first(.x), let y = first(.y), first(.tipSwitch) != nil || first(.tipPressure) != nil else { return nil }
        self.reportID = reportID
        self.length = length
        application = x.application
        self.x = x
        self.y = y
        tipSwitch = first(.tipSwitch)
        tipPressure = first(.tipPressure)
        inRange = first(.inRange)
        barrel = first(.barrelSwitch)
        eraser = first(.eraser)
        invert = first(.invert)
        xTilt = first(.xTilt)
        yTilt = first(.yTilt)
        scanTime = first(.scanTime)
    }

    /// Decodes one interrupt-IN report (Report ID first when numbered); nil for another report or one too short.
    public func decode(_ report: [UInt8]) -> PenSample? {
        if let reportID {
            guard report.first == reportID else { return nil }
        }
        guard report.count >= length, let xValue = x.value(in: report), let yValue = y.value(in: report) else { return nil }
        let pressure = tipPressure?.value(in: report)
        let tip = tipSwitch.flatMap { $0.value(in: report) }.map { $0 != 0 } ?? ((pressure ?? 0) > 0)
        func flag(_ field: HIDReportField?) -> Bool { field.flatMap { $0.value(in: report) }.map { $0 != 0 } ?? false }
        return PenSample(
            x: xValue, y: yValue, pressure: pressure, tip: tip, inRange: inRange.flatMap { $0.value(in: report) }.map { $0 != 0 },
            barrel: flag(barrel), eraser: flag(eraser) || flag(invert), tiltX: xTilt?.value(in: report), tiltY: yTilt?.value(in: report),
            scanTime: scanTime?.value(in: report))
    }
}
