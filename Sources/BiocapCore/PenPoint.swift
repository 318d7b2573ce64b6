/// One sample of a pen on a signature pad, in the pad's own units (see `PadGeometry`).
///
/// Coordinates are counted from the pad's top-left corner, x to the right and y down, already offset by the
/// device's logical minimum, so `0..<geometry.width` and `0..<geometry.height`.
public struct PenPoint: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    /// 0…`PadGeometry.pressureMaximum`; 0 while the pen does not touch.
    public var pressure: Int
    /// The pen touches the surface (writes ink).
    public var tip: Bool
    /// The pen is near enough to be tracked; a sample with `inRange == false` is the pen leaving.
    public var inRange: Bool
    /// Pen tilt in degrees from vertical along x and y, when the pad reports it.
    public var tiltX: Double?
    public var tiltY: Double?
    /// Time since the capture's first sample: the device's clock when it has one, else the host's arrival time.
    public var time: Duration

    public init(x: Int, y: Int, pressure: Int, tip: Bool, inRange: Bool = true, tiltX: Double? = nil, tiltY: Double? = nil,
                time: Duration) {
        self.x = x
        self.y = y
        self.pressure = pressure
        self.tip = tip
        self.inRange = inRange
        self.tiltX = tiltX
        self.tiltY = tiltY
        self.time = time
    }
}
