/// The pad's capabilities (feature report 0x09): the pen's coordinate and pressure ranges, the LCD size, the report
/// rate and the pen resolution.
public struct WacomSTUCapability: Sendable, Hashable {
    public var tabletMaximumX: Int
    public var tabletMaximumY: Int
    public var tabletMaximumPressure: Int
    public var screenWidth: Int
    public var screenHeight: Int
    /// Reports per second.
    public var maximumReportRate: Int
    /// Pen counts per inch, when the report carries it.
    public var resolution: Int?

    public init(tabletMaximumX: Int, tabletMaximumY: Int, tabletMaximumPressure: Int, screenWidth: Int, screenHeight: Int,
                maximumReportRate: Int, resolution: Int?) {
        self.tabletMaximumX = tabletMaximumX
        self.tabletMaximumY = tabletMaximumY
        self.tabletMaximumPressure = tabletMaximumPressure
        self.screenWidth = screenWidth
        self.screenHeight = screenHeight
        self.maximumReportRate = maximumReportRate
        self.resolution = resolution
    }

    /// Decodes report 0x09 (Report ID first): bytes 1–2 max X, 3–4 max Y, 5–6 max pressure, 7–8 screen width, 9–10
    /// screen height (big-endian), 11 report rate, 12–13 resolution when present. Nil when short, of another id, or
    /// with ranges no pad has (zero, or a screen beyond 4096 pixels).
    public init?(report: [UInt8]) {
        guard report.count >= 12, report[0] == WacomSTUReport.capability else { return nil }
        func word(_ at: Int) -> Int { Int(report[at]) << 8 | Int(report[at + 1]) }
        tabletMaximumX = word(1)
        tabletMaximumY = word(3)
        tabletMaximumPressure = word(5)
        screenWidth = word(7)
        screenHeight = word(9)
        maximumReportRate = Int(report[11])
        resolution = report.count >= 14 && word(12) > 0 ? word(12) : nil
        guard tabletMaximumX > 0, tabletMaximumY > 0, tabletMaximumPressure > 0, (1...4096).contains(screenWidth),
              (1...4096).contains(screenHeight) else { return nil }
    }
}
