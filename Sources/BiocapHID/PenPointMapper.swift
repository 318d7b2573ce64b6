import BiocapCore

/// Turns decoded pen reports (`PenSample`, the device's logical units) into `PenPoint`s of one capture: coordinates
/// offset by the logical minimum (y grows down, as HID Y does), pressure from 0, tilt in degrees, and time since the
/// capture's first sample — from the report's Scan Time when it has one (its wrap-around undone), else the host's
/// arrival time. A value type: one per stream, used by one task.
public struct PenPointMapper: Sendable {
    public let pen: PenReport
    public let geometry: PadGeometry
    /// One Scan Time count, when the report has Scan Time.
    let scanTick: Duration?
    /// Scan Time counts of a full wrap (logical range + 1).
    let scanModulus: Int64
    private var firstScan: Int64?
    private var lastScan: Int64 = 0
    private var unwrappedScan: Int64 = 0
    private var firstHostTime: Duration?

    public init(pen: PenReport, geometry: PadGeometry) {
        self.pen = pen
        self.geometry = geometry
        if let scan = pen.scanTime {
            scanTick = Self.tick(of: scan)
            scanModulus = max(1, scan.logicalMaximum - scan.logicalMinimum + 1)
        } else {
            scanTick = nil
            scanModulus = 1
        }
    }

    /// The point for `sample`, which arrived at `hostTime` (any monotonic clock, e.g. time since the stream started).
    public mutating func point(from sample: PenSample, hostTime: Duration) -> PenPoint {
        let x = Self.clamp(sample.x - pen.x.logicalMinimum, upTo: geometry.width - 1)
        let y = Self.clamp(sample.y - pen.y.logicalMinimum, upTo: geometry.height - 1)
        var pressure = 0
        if let value = sample.pressure, let field = pen.tipPressure {
            pressure = Self.clamp(value - field.logicalMinimum, upTo: geometry.pressureMaximum)
        }
        return PenPoint(x: x, y: y, pressure: pressure, tip: sample.tip, inRange: sample.inRange ?? true,
                        tiltX: sample.tiltX.flatMap { Self.degrees($0, field: pen.xTilt) },
                        tiltY: sample.tiltY.flatMap { Self.degrees($0, field: pen.yTilt) },
                        time: time(scan: sample.scanTime, hostTime: hostTime))
    }

    private mutating func time(scan: Int64?, hostTime: Duration) -> Duration {
        if let scan, let scanTick {
            if firstScan != nil {
                // A counter that went backwards has wrapped: add one full range.
                var step = scan - lastScan
                if step < 0 { step += scanModulus }
                unwrappedScan += step
                lastScan = scan
            } else {
                firstScan = scan
                lastScan = scan
            }
            return scanTick * unwrappedScan
        }
        let first = firstHostTime ?? hostTime
        firstHostTime = first
        return hostTime - first
    }

    /// One Scan Time count: the field's time unit (HID unit with only the time nibble set) and exponent, else the
    /// 100 µs the HID usage tables and Windows pen guidelines give Scan Time.
    static func tick(of field: HIDReportField) -> Duration {
        let timeExponent = (field.unit >> 12) & 0xF
        let system = field.unit & 0xF
        guard timeExponent == 1, field.unit & 0xFFFF_0FF0 == 0, (1...4).contains(system) else { return .microseconds(100) }
        let exponent = field.unitExponent
        guard (-9...0).contains(exponent) else { return .microseconds(100) }
        var nanoseconds: Int64 = 1_000_000_000
        for _ in 0..<(-exponent) { nanoseconds /= 10 }
        return .nanoseconds(max(1, nanoseconds))
    }

    /// Tilt in degrees: from the physical range in degrees (English rotation, 0x14) or radians (SI rotation, 0x12)
    /// when the descriptor gives one; a logical range within ±90 with no unit is taken as degrees; else nil.
    static func degrees(_ value: Int64, field: HIDReportField?) -> Double? {
        guard let field else { return nil }
        let logicalSpan = Double(field.logicalMaximum - field.logicalMinimum)
        let physicalSpan = Double(field.physicalMaximum - field.physicalMinimum)
        if (field.unit == 0x14 || field.unit == 0x12), logicalSpan > 0, physicalSpan != 0 {
            var scale = 1.0
            for _ in 0..<min(abs(field.unitExponent), 9) { scale *= 10 }
            let exponentScale = field.unitExponent < 0 ? 1 / scale : scale
            let physical = (Double(field.physicalMinimum) + Double(value - field.logicalMinimum) * physicalSpan / logicalSpan) * exponentScale
            let result = field.unit == 0x12 ? physical * 180 / Double.pi : physical
            return (-180...180).contains(result) ? result : nil
        }
        guard field.logicalMinimum >= -90, field.logicalMaximum <= 90 else { return nil }
        return Double(value)
    }

    static func clamp(_ value: Int64, upTo maximum: Int) -> Int {
        Int(max(0, min(value, Int64(max(0, maximum)))))
    }
}
