import BiocapCore
import BiocapDeviceKit

/// An assembled swipe image as the assembler leaves it: raw pixels plus the flags saying which
/// flips and inversion the final normalisation still has to apply (libfprint's `FpImage` before
/// `fp_image_detect_minutiae` normalises it).
public struct SwipeImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major pixels, `width × height`.
    public var pixels: [UInt8]
    /// What normalisation still has to undo.
    public var flags: SwipeImageFlags

    /// An image of the given size; `pixels` must hold `width × height` values.
    public init(width: Int, height: Int, pixels: [UInt8], flags: SwipeImageFlags) {
        self.width = width
        self.height = height
        self.pixels = pixels
        self.flags = flags
    }

    /// The normal image: mirrored back left–right, then turned upright, then inverted, in that
    /// order, as libfprint does before it hands the image out.
    public func normalizedPixels() -> [UInt8] {
        var out = pixels
        guard width > 0, height > 0, out.count == width * height else { return out }
        if flags.contains(.horizontallyFlipped) {
            for row in 0..<height { out[(row * width)..<((row + 1) * width)].reverse() }
        }
        if flags.contains(.verticallyFlipped) {
            for row in 0..<(height / 2) {
                let top = row * width, bottom = (height - 1 - row) * width
                for column in 0..<width { out.swapAt(top + column, bottom + column) }
            }
        }
        if flags.contains(.colorsInverted) {
            for index in out.indices { out[index] = 0xff - out[index] }
        }
        return out
    }

    /// The normal image as a `GrayImage` at `ppi`; an empty or inconsistent image is a protocol
    /// violation (nothing usable came from the sensor).
    public func normalized(ppi: Int?) throws(FingerprintDriverError) -> GrayImage {
        guard width > 0, height > 0 else {
            throw .protocolViolation("assembled swipe image is empty (\(width) × \(height))")
        }
        do {
            return try GrayImage(width: width, height: height, pixels: normalizedPixels(), ppi: ppi)
        } catch {
            throw .protocolViolation("swipe image assembly: \(error)")
        }
    }
}
