import BiocapCore

/// An 8-bit grey image with an 8-bit alpha channel, row-major, each pixel two bytes (grey, alpha) as PNG colour
/// type 4 stores it. Alpha 0 is fully transparent, 255 opaque; grey is not premultiplied.
public struct GrayAlphaImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 2` bytes: grey then alpha for each pixel, row after row.
    public var pixels: [UInt8]

    /// Creates an image; fails when the byte count does not match the size.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(ImageError) {
        guard width > 0, height > 0 else { throw .invalidSize(width: width, height: height) }
        guard pixels.count == width * height * 2 else {
            throw .pixelCountMismatch(expected: width * height * 2, actual: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates an image filled with one grey value and one alpha value.
    public init(width: Int, height: Int, gray: UInt8 = 0, alpha: UInt8 = 0) {
        self.width = max(1, width)
        self.height = max(1, height)
        var pixels = [UInt8](repeating: alpha, count: self.width * self.height * 2)
        for index in stride(from: 0, to: pixels.count, by: 2) { pixels[index] = gray }
        self.pixels = pixels
    }

    /// The grey value at (x, y); callers keep coordinates in range.
    @inlinable public func gray(x: Int, y: Int) -> UInt8 { pixels[(y * width + x) * 2] }

    /// The alpha value at (x, y); callers keep coordinates in range.
    @inlinable public func alpha(x: Int, y: Int) -> UInt8 { pixels[(y * width + x) * 2 + 1] }

    /// The image composited over a uniform grey background (255: white).
    public func flattened(on background: UInt8 = 255) -> GrayImage {
        var out = GrayImage(width: width, height: height, fill: background)
        let back = Int(background)
        for index in 0..<(width * height) {
            let gray = Int(pixels[index * 2]), alpha = Int(pixels[index * 2 + 1])
            out.pixels[index] = UInt8((gray * alpha + back * (255 - alpha) + 127) / 255)
        }
        return out
    }
}
