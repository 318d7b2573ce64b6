/// An 8-bit RGB colour image, interleaved `R G B`, row-major, no row padding.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]

    /// Creates an image; fails when the byte count does not match the size.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(ImageError) {
        guard width > 0, height > 0 else { throw .invalidSize(width: width, height: height) }
        guard pixels.count == width * height * 3 else {
            throw .pixelCountMismatch(expected: width * height * 3, actual: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates an image filled with one colour.
    public init(width: Int, height: Int, red: UInt8 = 0, green: UInt8 = 0, blue: UInt8 = 0) {
        self.width = max(1, width)
        self.height = max(1, height)
        var pixels = [UInt8](repeating: 0, count: self.width * self.height * 3)
        for index in stride(from: 0, to: pixels.count, by: 3) {
            pixels[index] = red
            pixels[index + 1] = green
            pixels[index + 2] = blue
        }
        self.pixels = pixels
    }

    /// Luma (ITU-R BT.601, integer weights 77/150/29) as a greyscale image.
    public func luma() -> GrayImage {
        var gray = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeBufferPointer { rgb in
            for index in 0..<gray.count {
                let r = UInt32(rgb[index * 3]), g = UInt32(rgb[index * 3 + 1]), b = UInt32(rgb[index * 3 + 2])
                gray[index] = UInt8((77 * r + 150 * g + 29 * b + 128) >> 8)
            }
        }
        return GrayImage(uncheckedWidth: width, height: height, pixels: gray)
    }
}

extension GrayImage {
    /// For producers that have already sized `pixels` correctly.
    @usableFromInline init(uncheckedWidth width: Int, height: Int, pixels: [UInt8], ppi: Int? = nil) {
        precondition(pixels.count == width * height && width > 0 && height > 0)
        self.width = width
        self.height = height
        self.pixels = pixels
        self.ppi = ppi
    }
}
