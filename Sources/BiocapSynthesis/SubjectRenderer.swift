/// Turns a precomputed eye or face image into frames for a `SubjectPose`: a zoom and blur while the
/// subject approaches, a whole-pixel shift once settled (cheap), a smear when moving, sensor noise.
public struct SubjectRenderer: Sendable {
    public let base: [UInt8]
    public let width: Int
    public let height: Int
    public let channels: Int
    private let fill: [UInt8]
    private let noise: [Int8]

    public init(base: [UInt8], width: Int, height: Int, channels: Int, seed: UInt64, noise deviation: Double) {
        self.base = base
        self.width = width
        self.height = height
        self.channels = channels
        // Uncovered borders take the colour of the image's top-left corner (skin or wall).
        fill = Array(base.prefix(channels))
        noise = SimulatedImageOps.noiseTable(seed: seed, deviation: deviation)
    }

    public func render(_ pose: SubjectPose, frameIndex: Int) -> [UInt8] {
        var pixels: [UInt8]
        if abs(pose.scale - 1) > 0.002 {
            pixels = SimulatedImageOps.zoom(
                base, width: width, height: height, channels: channels,
                scaleX: pose.scale, scaleY: pose.scale, shiftX: pose.shiftX, shiftY: pose.shiftY, fill: fill)
        } else {
            pixels = SimulatedImageOps.shift(
                base, width: width, height: height, channels: channels,
                dx: Int(pose.shiftX.rounded()), dy: Int(pose.shiftY.rounded()), fill: fill)
        }
        let radiusX = max(pose.defocus, pose.motionBlur / 2), radiusY = max(pose.defocus, pose.motionBlur > 0 ? 1 : 0)
        if radiusX > 0 || radiusY > 0 {
            pixels = SimulatedImageOps.boxBlur(pixels, width: width, height: height, channels: channels, radiusX: radiusX, radiusY: radiusY)
        }
        SimulatedImageOps.addNoise(&pixels, table: noise, offset: frameIndex &* 104_729)
        return pixels
    }
}
