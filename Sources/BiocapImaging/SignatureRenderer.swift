import BiocapCore
import Foundation

/// Draws a `SignatureTrace` as an image: each stroke (a run of samples with the pen touching) a polyline whose width
/// follows the pen pressure, anti-aliased, dark ink on transparent.
///
/// The scale is `SignatureRenderOptions.pixelsPerMillimetre` when the pad's size in millimetres is known, else the
/// region is drawn `widthWhenSizeUnknown` pixels wide. Coverage of a pixel is its centre's distance to the stroke's
/// edge, clamped to one pixel of ramp; overlapping strokes take the larger coverage, so crossings do not darken.
public struct SignatureRenderer: Sendable {
    public var options: SignatureRenderOptions
    /// The largest width or height drawn.
    public static let maximumDimension = 16384

    public init(options: SignatureRenderOptions = SignatureRenderOptions()) {
        self.options = options
    }

    /// The signature drawn; throws `ImageError.invalidSize` when the options or the trace ask for an image that is
    /// empty or larger than `maximumDimension` on a side. A trace without ink draws the empty signing box.
    public func render(_ trace: SignatureTrace) throws(ImageError) -> SignatureRaster {
        let geometry = trace.geometry
        let millimetres = geometry.sizeMillimetres != nil
        var margin: Int
        let region: PadBox
        switch options.region {
        case .ink(let inkMargin):
            margin = min(Self.maximumDimension, max(0, inkMargin))
            region = trace.inkBounds ?? geometry.box
        case .signingBox:
            margin = 0
            region = geometry.box
        }
        guard region.width > 0, region.height > 0 else { throw .invalidSize(width: region.width, height: region.height) }
        let scaleX: Double, scaleY: Double, pixelsPerMillimetre: Double
        if millimetres, let xResolution = geometry.xCountsPerMillimetre, let yResolution = geometry.yCountsPerMillimetre {
            pixelsPerMillimetre = options.pixelsPerMillimetre
            scaleX = pixelsPerMillimetre / xResolution
            scaleY = pixelsPerMillimetre / yResolution
        } else {
            pixelsPerMillimetre = SignatureRenderOptions.nominalPixelsPerMillimetre
            scaleX = Double(options.widthWhenSizeUnknown) / Double(region.width)
            scaleY = scaleX
        }
        guard scaleX.isFinite, scaleY.isFinite, scaleX > 0, scaleY > 0, pixelsPerMillimetre.isFinite, pixelsPerMillimetre > 0 else {
            throw .invalidSize(width: 0, height: 0)
        }
        if case .ink = options.region {
            // Strokes are centred on the samples: half the widest stroke would fall outside the ink's box.
            let widest = max(options.minimumStrokeMillimetres, options.maximumStrokeMillimetres) * pixelsPerMillimetre / 2
            guard widest.isFinite, widest >= 0, widest < 1000 else { throw .invalidSize(width: 0, height: 0) }
            margin += Int((widest + 0.5).rounded(.up))
        }
        let widthPixels = (Double(region.width) * scaleX).rounded(.up) + Double(2 * margin)
        let heightPixels = (Double(region.height) * scaleY).rounded(.up) + Double(2 * margin)
        let limit = Double(Self.maximumDimension)
        guard widthPixels >= 1, heightPixels >= 1, widthPixels <= limit, heightPixels <= limit else {
            throw .invalidSize(width: Int(min(widthPixels, limit * 2)), height: Int(min(heightPixels, limit * 2)))
        }
        let width = Int(widthPixels), height = Int(heightPixels)
        let originX = Double(region.x) - Double(margin) / scaleX
        let originY = Double(region.y) - Double(margin) / scaleY
        var canvas = Canvas(width: width, height: height)
        for stroke in trace.strokes {
            let points = trace.samples[stroke].map { sample in
                Canvas.Point(x: (Double(sample.x) - originX) * scaleX, y: (Double(sample.y) - originY) * scaleY,
                             radius: strokeWidth(pressure: sample.pressure, maximum: geometry.pressureMaximum) * pixelsPerMillimetre / 2)
            }
            canvas.drawPolyline(points)
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 2)
        for index in 0..<(width * height) {
            pixels[index * 2] = options.ink
            pixels[index * 2 + 1] = UInt8((min(1, max(0, canvas.coverage[index])) * 255).rounded())
        }
        return SignatureRaster(
            image: try GrayAlphaImage(width: width, height: height, pixels: pixels), originX: originX, originY: originY,
            pixelsPerCountX: scaleX, pixelsPerCountY: scaleY, pixelsPerMillimetre: millimetres ? pixelsPerMillimetre : nil)
    }

    /// Stroke width in millimetres at `pressure` on a pad whose pressure runs to `maximum`.
    public func strokeWidth(pressure: Int, maximum: Int) -> Double {
        let low = options.minimumStrokeMillimetres, high = options.maximumStrokeMillimetres
        guard maximum > 0 else { return (low + high) / 2 }
        let fraction = min(1, max(0, Double(pressure) / Double(maximum)))
        return low + (high - low) * fraction
    }
}

/// Ink coverage 0…1 per pixel, drawn with round-capped segments.
private struct Canvas {
    struct Point {
        var x: Double
        var y: Double
        var radius: Double
    }

    let width: Int
    let height: Int
    var coverage: [Double]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        coverage = [Double](repeating: 0, count: width * height)
    }

    mutating func drawPolyline(_ points: [Point]) {
        guard let first = points.first else { return }
        if points.count == 1 { drawSegment(first, first) }
        for (start, end) in zip(points, points.dropFirst()) { drawSegment(start, end) }
    }

    /// A capsule from `a` to `b` whose radius changes linearly along it; pixel centres are at +0.5.
    mutating func drawSegment(_ a: Point, _ b: Point) {
        let reach = max(a.radius, b.radius) + 1
        let minX = max(0, Int((min(a.x, b.x) - reach).rounded(.down)))
        let maxX = min(width - 1, Int((max(a.x, b.x) + reach).rounded(.up)))
        let minY = max(0, Int((min(a.y, b.y) - reach).rounded(.down)))
        let maxY = min(height - 1, Int((max(a.y, b.y) + reach).rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return }
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        for y in minY...maxY {
            let py = Double(y) + 0.5
            for x in minX...maxX {
                let px = Double(x) + 0.5
                var t = lengthSquared > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared : 0
                t = min(1, max(0, t))
                let cx = a.x + t * dx - px, cy = a.y + t * dy - py
                let distance = (cx * cx + cy * cy).squareRoot()
                let radius = a.radius + t * (b.radius - a.radius)
                let value = min(1, max(0, radius + 0.5 - distance))
                let index = y * width + x
                if value > coverage[index] { coverage[index] = value }
            }
        }
    }
}
