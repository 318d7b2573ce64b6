import BiocapCore

extension PadGeometry {
    /// The geometry of a HID pen report: logical ranges as the surface, counts per millimetre from the descriptor's
    /// physical extents when believable, else from `PenPadModels` for `usbID`, else unknown; pressure levels from Tip
    /// Pressure; tilt when the report carries X and Y tilt.
    /// - Parameter samplesPerSecond: nominal rate (the pen interface's polling interval when known).
    public init(pen: PenReport, usbID: USBID?, samplesPerSecond: Double = HIDSignaturePad.nominalSamplesPerSecond) {
        let width = Int(clamping: pen.x.logicalMaximum - pen.x.logicalMinimum + 1)
        let height = Int(clamping: pen.y.logicalMaximum - pen.y.logicalMinimum + 1)
        let area = pen.activeAreaMillimetres ?? usbID.flatMap(PenPadModels.activeArea(for:))
        self.init(
            width: width, height: height,
            xCountsPerMillimetre: area.map { Double(width) / $0.width }, yCountsPerMillimetre: area.map { Double(height) / $0.height },
            pressureMaximum: pen.tipPressure.map { Int(clamping: $0.logicalMaximum - $0.logicalMinimum) } ?? 0,
            samplesPerSecond: samplesPerSecond, tilt: pen.xTilt != nil && pen.yTilt != nil)
    }
}
