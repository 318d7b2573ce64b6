/// Yaw from where the nose lies between the eyes. The nose tip stands about 0.43 of the eye distance in front of
/// the eyes (the usual 3-D face models), so turning the head by θ moves it sideways against the eye midpoint by
/// about 0.43 · sin θ eye distances, whatever the background, hair or skin tone: the landmark pose that ISO/IEC
/// 29794-5's head-pose measures rest on, read without a landmark model. The nose is located by its edges: in a
/// band from 0.1 to 0.5 of the eye distance below the eye line (the bridge and the upper nose, above the nostrils,
/// moustache and mouth), reaching 0.45 of the eye distance either side of the midpoint, the horizontal grey-level
/// differences are summed per column and their centroid taken. On a frontal face the two sides balance; on a
/// turned one the nose shows its outline against the far cheek, and the far cheek's own outline comes into the band
/// (so a strong edge in the background just beyond the cheek weighs in too). The band is sampled on a grid aligned
/// with the eye line (so roll does not read as yaw) with a step of 1/40 of the eye distance, whatever the image's
/// resolution.
///
/// Calibration, measured (`docs/quality-iris-face.md`, "Yaw from the nose"): against the nose offset of YuNet's
/// five landmarks on 331 real faces, the centroid moves 1/1.6 as far as the nose, hence sin θ ≈ 1.6 / 0.43 · the
/// centroid.
struct NoseYaw {
    /// Rows of the band, in eye distances below the eye line.
    static let rows = (from: 0.1, to: 0.5)
    /// Half the band's width in eye distances.
    static let halfWidth = 0.45
    /// Grid step in eye distances.
    static let step = 0.025
    /// The centroid's offset to the sine of the yaw (1.6 / 0.43).
    static let sineScale = 3.75
    /// Below this eye distance (pixels) the grid would sample finer than the pixels: no estimate.
    static let minimumEyeDistance = 16.0

    private var columnEnergy = [Double](repeating: 0, count: Int((2 * halfWidth / step).rounded()))

    /// About the sine of the head's yaw (positive: the nose towards the image's right), or `nil` when the band
    /// leaves the frame, the eyes are too close together, or the band is flat. `leftEye` is the eye on the left of
    /// the image; positions in pixels of `luma`.
    @_optimize(speed)
    mutating func measure(
        _ luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        leftEye: (x: Double, y: Double), rightEye: (x: Double, y: Double)
    ) -> Double? {
        let dx = rightEye.x - leftEye.x, dy = rightEye.y - leftEye.y
        let eyeDistance = (dx * dx + dy * dy).squareRoot()
        guard eyeDistance >= Self.minimumEyeDistance, eyeDistance.isFinite else { return nil }
        // Along the eye line (u) and down the face (v), in pixels per eye distance.
        let (ux, uy) = (dx, dy), (vx, vy) = (-dy, dx)
        let (mx, my) = ((leftEye.x + rightEye.x) / 2, (leftEye.y + rightEye.y) / 2)
        let columns = columnEnergy.count + 1
        let rowCount = Int(((Self.rows.to - Self.rows.from) / Self.step).rounded()) + 1
        // The band's corners must lie inside the frame, one pixel in for the bilinear neighbours.
        for (cu, cv) in [(-Self.halfWidth, Self.rows.from), (Self.halfWidth, Self.rows.from),
                         (-Self.halfWidth, Self.rows.to), (Self.halfWidth, Self.rows.to)] {
            let x = mx + cu * ux + cv * vx, y = my + cu * uy + cv * vy
            guard x >= 0, y >= 0, x < Double(width - 1), y < Double(height - 1) else { return nil }
        }
        for index in columnEnergy.indices { columnEnergy[index] = 0 }
        for row in 0..<rowCount {
            let v = Self.rows.from + Double(row) * Self.step
            var previous = 0.0
            for column in 0..<columns {
                let u = -Self.halfWidth + Double(column) * Self.step
                let sample = Self.bilinear(luma, width: width, x: mx + u * ux + v * vx, y: my + u * uy + v * vy)
                if column > 0 { columnEnergy[column - 1] += abs(sample - previous) }
                previous = sample
            }
        }
        var total = 0.0, moment = 0.0
        for (index, energy) in columnEnergy.enumerated() {
            let u = -Self.halfWidth + (Double(index) + 0.5) * Self.step
            total += energy
            moment += energy * u
        }
        guard total > Double(rowCount) else { return nil }
        return min(1, max(-1, Self.sineScale * moment / total))
    }

    /// Bilinear grey level at (`x`, `y`), pixel centres at whole coordinates; the caller keeps the point at least one
    /// pixel inside the frame's right and bottom edges.
    @inline(__always)
    private static func bilinear(_ luma: UnsafeBufferPointer<UInt8>, width: Int, x: Double, y: Double) -> Double {
        let x0 = Int(x), y0 = Int(y)
        let fx = x - Double(x0), fy = y - Double(y0)
        let top = y0 * width + x0, bottom = top + width
        let upper = Double(luma[top]) + fx * (Double(luma[top + 1]) - Double(luma[top]))
        let lower = Double(luma[bottom]) + fx * (Double(luma[bottom + 1]) - Double(luma[bottom]))
        return upper + fy * (lower - upper)
    }
}
