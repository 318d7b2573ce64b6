/// What a device can capture and how.
public struct DeviceCapabilities: Sendable, Codable, Hashable {
    public var imageWidth: Int
    public var imageHeight: Int
    /// Pixels per inch of the native image, when meaningful (fingerprint sensors).
    public var ppi: Int?
    public var framesPerSecond: Double
    /// The positions this device can capture.
    public var positions: [BiometricPosition]
    /// Whether frames are colour (face cameras) rather than greyscale.
    public var colour: Bool
    /// Adjustable camera controls (e.g. `exposure-time`, `gain`), when the device reports them.
    public var controls: [String]?
    /// True for swipe fingerprint sensors: each frame is one whole swipe, assembled by the driver.
    /// Absent (nil) for press sensors and other devices.
    public var swipe: Bool?

    public init(
        imageWidth: Int, imageHeight: Int, ppi: Int? = nil, framesPerSecond: Double,
        positions: [BiometricPosition], colour: Bool = false, controls: [String]? = nil, swipe: Bool? = nil
    ) {
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.ppi = ppi
        self.framesPerSecond = framesPerSecond
        self.positions = positions
        self.colour = colour
        self.controls = controls
        self.swipe = swipe
    }
}
