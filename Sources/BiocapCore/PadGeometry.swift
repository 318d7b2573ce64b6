/// The surface and sensing of a signature pad: the coordinate range, resolution, pressure levels and sampling rate
/// its `PenPoint`s are in, and the box the signer is asked to sign in.
public struct PadGeometry: Sendable, Hashable, Codable {
    /// Logical counts across and down: x is in `0..<width`, y in `0..<height`.
    public var width: Int
    public var height: Int
    /// Counts per millimetre along x and y, when the device's physical size is known (from its descriptor, or a
    /// per-model table where the descriptor's extents are not believable).
    public var xCountsPerMillimetre: Double?
    public var yCountsPerMillimetre: Double?
    /// The highest pressure value; 0 for a pad without pressure sensing.
    public var pressureMaximum: Int
    /// The rate the pad samples at while the pen is in range, samples per second (nominal).
    public var samplesPerSecond: Double
    /// Whether samples carry tilt.
    public var tilt: Bool
    /// The box the signer is asked to sign in (counts); the whole surface when nil.
    public var signingBox: PadBox?

    public init(width: Int, height: Int, xCountsPerMillimetre: Double? = nil, yCountsPerMillimetre: Double? = nil,
                pressureMaximum: Int, samplesPerSecond: Double, tilt: Bool = false, signingBox: PadBox? = nil) {
        self.width = max(1, width)
        self.height = max(1, height)
        self.xCountsPerMillimetre = xCountsPerMillimetre
        self.yCountsPerMillimetre = yCountsPerMillimetre
        self.pressureMaximum = max(0, pressureMaximum)
        self.samplesPerSecond = samplesPerSecond
        self.tilt = tilt
        self.signingBox = signingBox
    }

    /// The box to sign in: `signingBox`, or the whole surface.
    public var box: PadBox { signingBox ?? PadBox(x: 0, y: 0, width: width, height: height) }

    /// The surface size in millimetres when the resolution is known.
    public var sizeMillimetres: (width: Double, height: Double)? {
        guard let xCountsPerMillimetre, let yCountsPerMillimetre, xCountsPerMillimetre > 0, yCountsPerMillimetre > 0 else { return nil }
        return (Double(width) / xCountsPerMillimetre, Double(height) / yCountsPerMillimetre)
    }
}
