/// How `SignatureRenderer` draws a signature.
public struct SignatureRenderOptions: Sendable, Hashable {
    /// What part of the pad the image shows.
    public enum Region: Sendable, Hashable {
        /// The ink's bounding box plus half the widest stroke and `margin` pixels on every side.
        case ink(margin: Int)
        /// The whole signing box (`PadGeometry.box`), so images of one pad line up.
        case signingBox
    }

    /// Output resolution when the pad's size in millimetres is known.
    public var pixelsPerMillimetre: Double
    /// Output width in pixels of the region when the pad's size is not known (the height follows the aspect ratio).
    public var widthWhenSizeUnknown: Int
    public var region: Region
    /// Stroke width at zero and at full pressure, in millimetres (a pad without pressure draws their mean).
    public var minimumStrokeMillimetres: Double
    public var maximumStrokeMillimetres: Double
    /// The ink's grey level (0 black).
    public var ink: UInt8

    /// Pixels per millimetre assumed for stroke widths when the pad's size is not known.
    public static let nominalPixelsPerMillimetre = 8.0

    public init(pixelsPerMillimetre: Double = 8, widthWhenSizeUnknown: Int = 600, region: Region = .ink(margin: 8),
                minimumStrokeMillimetres: Double = 0.3, maximumStrokeMillimetres: Double = 0.8, ink: UInt8 = 0x10) {
        self.pixelsPerMillimetre = pixelsPerMillimetre
        self.widthWhenSizeUnknown = widthWhenSizeUnknown
        self.region = region
        self.minimumStrokeMillimetres = minimumStrokeMillimetres
        self.maximumStrokeMillimetres = maximumStrokeMillimetres
        self.ink = ink
    }
}
