import BiocapCore

extension PadGeometry {
    /// The geometry of a HID pen report: logical ranges as the surface, counts per millimetre from the descriptor's
    /// physical extents when believable, else from `PenPadModels` for `usbID`, else unknown; pressure levels from Tip
    /// Pressure; tilt when the report carries X and Y tilt that can be read in degrees.
    /// - Parameter samplesPerSecond: nominal rate (the pen interface's polling interval when known).
    public init(pen: PenReport, usbID: USBID?, samplesPerSecond: Double = HIDSignaturePad.nominalSamplesPerSecond) {
        let width = Int(clamping: pen.x.logicalMaximum - pen.x.logicalMinimum + 1)
        let height = Int(clamping: pen.y.logicalMaximum - pen.y.logicalMinimum + 1)
        let area = pen.activeAreaMillimetres ?? usbID.flatMap(PenPadModels.activeArea(for:))
        self.init(
            width: width, height: height,
            xCountsPerMillimetre: area.map { Double(width) / $0.width }, yCountsPerMillimetre: area.map { Double(height) / $0.height },
            pressureMaximum: pen.tipPressure.map { Int(clamping: $0.logicalMaximum - $0.logicalMinimum) } ?? 0,
            samplesPerSecond: samplesPerSecond, tilt: Self.tiltInDegrees(pen))
    }

    /// Whether both tilt fields can be given in degrees (a unit, or a logical range within ±90 without one).
    static func tiltInDegrees(_ pen: PenReport) -> Bool {
        guard let x = pen.xTilt, let y = pen.yTilt else { return false }
        return PenPointMapper.degrees(x.logicalMaximum, field: x) != nil && PenPointMapper.degrees(y.logicalMaximum, field: y) != nil
    }
}
