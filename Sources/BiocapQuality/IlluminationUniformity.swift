import Foundation

/// Illumination uniformity after ISO/IEC 29794-5 as BSI's OFIQ measures it: two square zones on the cheeks,
/// below the eyes and halfway down to the mouth, each 0.3 of the eye distance wide and reaching outwards from
/// its eye; the overlap of their normalised grey-level histograms (1 when both sides are lit alike, towards 0
/// when one is in shadow) is mapped to 0–100 as 100 · overlap^0.3. Two departures, both for the fast path: the
/// mouth is not located (no mouth cascade ships with OpenCV), so the eye–mouth distance is taken as the eye
/// distance (about that on adult faces); and the histograms have `bins` bins rather than 256, because at the
/// gate's size a zone holds a few hundred pixels, too few to fill 256 bins alike on two evenly lit cheeks.
struct IlluminationUniformity {
    static let bins = 32
    /// Zone side as a share of the eye distance (OFIQ's).
    static let zoneShare = 0.3

    private var left = [Int](repeating: 0, count: bins)
    private var right = [Int](repeating: 0, count: bins)

    /// 0–100, or `nil` when a zone falls outside the frame or holds fewer than 16 pixels. `leftEye` is the eye
    /// on the left of the image.
    @_optimize(speed)
    mutating func measure(
        _ luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        leftEye: (x: Double, y: Double), rightEye: (x: Double, y: Double)
    ) -> Double? {
        guard let (side, leftZone, rightZone) = Self.cheekZones(width: width, height: height, leftEye: leftEye, rightEye: rightEye) else {
            return nil
        }
        Self.histogram(luma, width: width, x0: leftZone.x0, y0: leftZone.y0, side: side, into: &left)
        Self.histogram(luma, width: width, x0: rightZone.x0, y0: rightZone.y0, side: side, into: &right)
        let count = Double(side * side)
        var overlap = 0.0
        for bin in 0..<Self.bins { overlap += Double(min(left[bin], right[bin])) / count }
        return 100 * pow(overlap, 0.3)
    }

    /// The two cheek zones' side and top-left corners (the left one reaching outwards from the left eye), or `nil`
    /// when a side is under 4 pixels or a zone leaves the frame. `NaturalColour` reads the same zones.
    static func cheekZones(
        width: Int, height: Int, leftEye: (x: Double, y: Double), rightEye: (x: Double, y: Double)
    ) -> (side: Int, left: (x0: Int, y0: Int), right: (x0: Int, y0: Int))? {
        let eyeDistance = ((rightEye.x - leftEye.x) * (rightEye.x - leftEye.x)
            + (rightEye.y - leftEye.y) * (rightEye.y - leftEye.y)).squareRoot()
        let side = Int(eyeDistance * zoneShare)
        guard side >= 4 else { return nil }
        let drop = eyeDistance / 2
        let left = (x0: Int(leftEye.x) - side, y0: Int(leftEye.y + drop))
        let right = (x0: Int(rightEye.x), y0: Int(rightEye.y + drop))
        for zone in [left, right] {
            guard zone.x0 >= 0, zone.y0 >= 0, zone.x0 + side <= width, zone.y0 + side <= height else { return nil }
        }
        return (side, left, right)
    }

    @_optimize(speed)
    private static func histogram(_ luma: UnsafeBufferPointer<UInt8>, width: Int, x0: Int, y0: Int, side: Int,
                                  into counts: inout [Int]) {
        for bin in counts.indices { counts[bin] = 0 }
        let shift = 8 - bins.trailingZeroBitCount
        for y in y0..<(y0 + side) {
            for x in x0..<(x0 + side) { counts[Int(luma[y * width + x]) >> shift] += 1 }
        }
    }
}
