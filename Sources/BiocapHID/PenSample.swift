/// One pen report decoded: position, pressure, tip and buttons, in the device's logical units and normalised.
public struct PenSample: Sendable, Hashable {
    public var x: Int64
    public var y: Int64
    /// Nil when the report has no Tip Pressure.
    public var pressure: Int64?
    /// The pen touches the surface: Tip Switch, or pressure above zero when there is no Tip Switch.
    public var tip: Bool
    /// The pen is near enough to be tracked (nil when the report does not say).
    public var inRange: Bool?
    public var barrel: Bool
    /// The eraser end (Eraser or Invert).
    public var eraser: Bool
    public var tiltX: Int64?
    public var tiltY: Int64?
    /// Device time (Scan Time), in the device's units.
    public var scanTime: Int64?

    public init(x: Int64, y: Int64, pressure: Int64?, tip: Bool, inRange: Bool?, barrel: Bool = false, eraser: Bool = false,
                tiltX: Int64? = nil, tiltY: Int64? = nil, scanTime: Int64? = nil) {
        self.x = x
        self.y = y
        self.pressure = pressure
        self.tip = tip
        self.inRange = inRange
        self.barrel = barrel
        self.eraser = eraser
        self.tiltX = tiltX
        self.tiltY = tiltY
        self.scanTime = scanTime
    }
}
