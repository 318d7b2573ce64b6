/// An 8-bit greyscale image, row-major, no padding between rows.
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` bytes, row after row.
    public var pixels: [UInt8]
    /// Resolution in pixels per inch, when the device knows it (fingerprint sensors: 500).
    public var ppi: Int?

    /// Creates an image; fails when the pixel count does not match the size.
    public init(width: Int, height: Int, pixels: [UInt8], ppi: Int? = nil) throws(ImageError) {
        guard width > 0, height > 0 else { throw .invalidSize(width: width, height: height) }
        guard pixels.count == width * height else {
            throw .pixelCountMismatch(expected: width * height, actual: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
        self.ppi = ppi
    }

    /// Creates an image filled with one value.
    public init(width: Int, height: Int, fill: UInt8 = 0, ppi: Int? = nil) {
        self.width = max(1, width)
        self.height = max(1, height)
        self.pixels = [UInt8](repeating: fill, count: self.width * self.height)
        self.ppi = ppi
    }

    /// The pixel at (x, y); callers keep coordinates in range.
    @inlinable public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}
