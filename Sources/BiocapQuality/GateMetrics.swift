import BiocapCore

/// The cheap per-frame gate: whole-frame grey mean, contrast (standard deviation), saturation
/// (share of pixels at 0 or 255) and sharpness (mean absolute horizontal plus vertical neighbour
/// difference, grey levels per pixel), in one SIMD pass over the pixels. Cheap enough to run on
/// every frame of a stream before the modality's full assessment.
public struct GateMetrics: Sendable, Hashable {
    /// Mean grey level, 0…255.
    public var mean: Double
    /// Standard deviation of the grey levels.
    public var contrast: Double
    /// Share of pixels at 0 or 255, 0…1.
    public var saturation: Double
    /// Mean of |right − centre| + |below − centre| per pixel, grey levels.
    public var sharpness: Double

    public init(mean: Double, contrast: Double, saturation: Double, sharpness: Double) {
        self.mean = mean
        self.contrast = contrast
        self.saturation = saturation
        self.sharpness = sharpness
    }

    /// Measures a greyscale image.
    public static func measure(_ image: GrayImage) -> GateMetrics {
        image.pixels.withUnsafeBufferPointer { measure($0, width: image.width, height: image.height) }
    }

    /// Measures `width` × `height` row-major 8-bit pixels. Allocates nothing.
    @_optimize(speed)
    public static func measure(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> GateMetrics {
        guard width > 0, height > 0, pixels.count >= width * height, let base = pixels.baseAddress else {
            return GateMetrics(mean: 0, contrast: 0, saturation: 0, sharpness: 0)
        }
        var sum: Int64 = 0, squares: Int64 = 0, saturated: Int64 = 0, gradient: Int64 = 0
        // Vectors cover columns whose right neighbour exists; rows whose lower neighbour exists.
        let vectorEnd = width > 16 ? ((width - 1) / 16) * 16 : 0
        // 16-bit lane sums are flushed before they can overflow: 128 steps of at most 510.
        let chunk = 128 * 16
        for y in 0..<(height - 1) {
            let row = base + y * width
            var x = 0
            while x < vectorEnd {
                let end = min(vectorEnd, x + chunk)
                var laneSum = SIMD16<UInt16>(), laneGradient = SIMD16<UInt16>()
                var laneUnsaturated = SIMD16<UInt8>()  // at most 128 per chunk
                let start = x
                var laneSquares = SIMD8<UInt32>()
                while x < end {
                    let centre = UnsafeRawPointer(row + x).loadUnaligned(as: SIMD16<UInt8>.self)
                    let right = UnsafeRawPointer(row + x + 1).loadUnaligned(as: SIMD16<UInt8>.self)
                    let down = UnsafeRawPointer(row + x + width).loadUnaligned(as: SIMD16<UInt8>.self)
                    // |a − b| on bytes without widening (pointwiseMax/Min do not vectorise here).
                    let dx = (centre &- right).replacing(with: right &- centre, where: right .> centre)
                    let dy = (centre &- down).replacing(with: down &- centre, where: down .> centre)
                    let wide = widen(centre)
                    laneSum &+= wide
                    laneGradient &+= widen(dx) &+ widen(dy)
                    // Counts unsaturated pixels with byte arithmetic (combined masks and a scalar
                    // `replacing` do not vectorise): (c + 1) / 2 wraps to 0 only for 0 and 255, and
                    // (s + 127) / 128 is then 0 for those and 1 for the rest.
                    laneUnsaturated &+= (((centre &+ 1) &>> 1) &+ 127) &>> 7
                    let squared = wide &* wide
                    laneSquares &+= pairSums(squared)
                    x += 16
                }
                sum += Int64(laneSum.wrappedSum32)
                gradient += Int64(laneGradient.wrappedSum32)
                saturated += Int64(end - start)
                for lane in 0..<16 { saturated -= Int64(laneUnsaturated[lane]) }
                for lane in 0..<8 { squares += Int64(laneSquares[lane]) }
            }
            while x < width {
                let value = Int64(row[x])
                sum += value; squares += value * value
                if value == 0 || value == 255 { saturated += 1 }
                if x + 1 < width { gradient += abs(Int64(row[x + 1]) - value) }
                gradient += abs(Int64(row[x + width]) - value)
                x += 1
            }
        }
        let last = base + (height - 1) * width
        for x in 0..<width {
            let value = Int64(last[x])
            sum += value; squares += value * value
            if value == 0 || value == 255 { saturated += 1 }
            if x + 1 < width { gradient += abs(Int64(last[x + 1]) - value) }
        }
        let count = Double(width * height)
        let mean = Double(sum) / count
        return GateMetrics(mean: mean, contrast: max(0, Double(squares) / count - mean * mean).squareRoot(),
                           saturation: Double(saturated) / count, sharpness: Double(gradient) / count)
    }

    // Spelled lane by lane: generic conversions are not specialised in debug builds.
    @inline(__always) @_optimize(speed)
    private static func widen(_ bytes: SIMD16<UInt8>) -> SIMD16<UInt16> {
        SIMD16<UInt16>(UInt16(bytes[0]), UInt16(bytes[1]), UInt16(bytes[2]), UInt16(bytes[3]), UInt16(bytes[4]), UInt16(bytes[5]), UInt16(bytes[6]), UInt16(bytes[7]), UInt16(bytes[8]), UInt16(bytes[9]), UInt16(bytes[10]), UInt16(bytes[11]), UInt16(bytes[12]), UInt16(bytes[13]), UInt16(bytes[14]), UInt16(bytes[15]))
    }

    /// Adjacent lanes of squares (each ≤ 65 025) added in 32 bits.
    @inline(__always) @_optimize(speed)
    private static func pairSums(_ v: SIMD16<UInt16>) -> SIMD8<UInt32> {
        SIMD8<UInt32>(UInt32(v[0]), UInt32(v[2]), UInt32(v[4]), UInt32(v[6]), UInt32(v[8]), UInt32(v[10]), UInt32(v[12]), UInt32(v[14]))
            &+ SIMD8<UInt32>(UInt32(v[1]), UInt32(v[3]), UInt32(v[5]), UInt32(v[7]), UInt32(v[9]), UInt32(v[11]), UInt32(v[13]), UInt32(v[15]))
    }
}

private extension SIMD16<UInt16> {
    /// Sum of the lanes (each below 65 536, sixteen of them) without overflow.
    @inline(__always) var wrappedSum32: UInt32 {
        var total: UInt32 = 0
        for lane in 0..<16 { total &+= UInt32(self[lane]) }
        return total
    }
}
