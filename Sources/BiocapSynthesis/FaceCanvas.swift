import BiocapCore
import Foundation

/// A floating-point RGB canvas with anti-aliased ellipse and arc painting, for `FaceSynthesizer`.
/// Colours are a plain three-field struct and pixels are written through pointers: a portrait paints
/// a few million pixels, and in debug builds generic SIMD arithmetic and array subscripts are calls.
public struct FaceCanvas {
    /// An RGB colour (0–255 per channel, unclamped while painting).
    public struct Colour: Sendable, Equatable {
        public var r: Double
        public var g: Double
        public var b: Double

        public init(_ r: Double, _ g: Double, _ b: Double) {
            self.r = r
            self.g = g
            self.b = b
        }

        public static func * (colour: Colour, factor: Double) -> Colour { Colour(colour.r * factor, colour.g * factor, colour.b * factor) }
        public static func + (lhs: Colour, rhs: Colour) -> Colour { Colour(lhs.r + rhs.r, lhs.g + rhs.g, lhs.b + rhs.b) }
        public static func - (lhs: Colour, rhs: Colour) -> Colour { Colour(lhs.r - rhs.r, lhs.g - rhs.g, lhs.b - rhs.b) }
        public static func += (lhs: inout Colour, rhs: Colour) { lhs = lhs + rhs }
    }

    public let width: Int
    public let height: Int
    /// Interleaved R, G, B per pixel.
    private(set) var pixels: [Double]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [Double](repeating: 0, count: width * height * 3)
    }

    /// Fills every pixel with `colour(x, y)`.
    public mutating func fill(_ colour: (Int, Int) -> Colour) {
        let (width, height) = (width, height)
        pixels.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            var y = 0
            while y < height {
                var x = 0
                while x < width {
                    let c = colour(x, y)
                    let i = (y * width + x) * 3
                    out[i] = c.r
                    out[i + 1] = c.g
                    out[i + 2] = c.b
                    x += 1
                }
                y += 1
            }
        }
    }

    /// Fills an ellipse; `colour` may return nil to leave a pixel; `clip` keeps it inside another ellipse.
    public mutating func ellipse(
        cx: Double, cy: Double, a: Double, b: Double, clip: (Double, Double, Double, Double)? = nil,
        colour: (Double, Double) -> Colour?
    ) {
        let x0 = max(0, Int(cx - a - 2)), x1 = min(width - 1, Int(cx + a + 2))
        let y0 = max(0, Int(cy - b - 2)), y1 = min(height - 1, Int(cy + b + 2))
        guard x0 <= x1, y0 <= y1 else { return }
        let width = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            var y = y0
            while y <= y1 {
                let yd = Double(y)
                var x = x0
                while x <= x1 {
                    let xd = Double(x)
                    var cover = FaceCanvas.coverage(xd, yd, cx, cy, a, b)
                    if let clip, cover > 0 {
                        let inner = FaceCanvas.coverage(xd, yd, clip.0, clip.1, clip.2, clip.3)
                        if inner < cover { cover = inner }
                    }
                    if cover > 0, let fill = colour(xd, yd) {
                        let i = (y * width + x) * 3
                        out[i] += (fill.r - out[i]) * cover
                        out[i + 1] += (fill.g - out[i + 1]) * cover
                        out[i + 2] += (fill.b - out[i + 2]) * cover
                    }
                    x += 1
                }
                y += 1
            }
        }
    }

    /// Strokes part of an ellipse outline between two angles (radians, y down).
    public mutating func arc(cx: Double, cy: Double, a: Double, b: Double, from: Double, to: Double, thickness: Double, colour: Colour) {
        let steps = Int((a + b) * (to - from)) + 2
        for step in 0...steps {
            let t = from + (to - from) * Double(step) / Double(steps)
            let taper = 0.55 + 0.45 * sin(.pi * Double(step) / Double(steps))
            let r = thickness / 2 * taper
            ellipse(cx: cx + a * cos(t), cy: cy + b * sin(t), a: r, b: r) { _, _ in colour }
        }
    }

    /// How much of the pixel at (x, y) lies inside the ellipse: a one-pixel soft edge.
    public static func coverage(_ x: Double, _ y: Double, _ cx: Double, _ cy: Double, _ a: Double, _ b: Double) -> Double {
        let nx = (x - cx) / a, ny = (y - cy) / b
        let rho = (nx * nx + ny * ny).squareRoot()
        let distance = (1 - rho) * (a < b ? a : b) + 0.5
        return distance < 0 ? 0 : (distance > 1 ? 1 : distance)
    }

    public func image() -> RGBImage {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        pixels.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { target in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                var i = 0
                while i < target.count {
                    let value = from[i]
                    to[i] = UInt8(value < 0 ? 0 : (value > 255 ? 255 : value))
                    i += 1
                }
            }
        }
        var image = RGBImage(width: width, height: height)
        image.pixels = bytes
        return image
    }
}
