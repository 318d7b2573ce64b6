#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// SIMD kernels over 8-bit greyscale pixels. They read rows sixteen pixels at a time as
/// `SIMD16<UInt8>`, widen to `SIMD16<Int16>` for differences and multiply pairs of lanes into
/// `SIMD8<Int32>` sums: SIMD16 loops vectorise on plain SSE2, wider vectors written this way do not.
///
/// The per-frame loops of this module are marked `@_optimize(speed)`: in a debug build unspecialised
/// SIMD generics run about a hundred times slower, which would make debug daemons and tests crawl.
enum ImageKernels {
    // Widening is spelled lane by lane: the generic `init(truncatingIfNeeded:)` is not specialised
    // in debug builds (a call per lane), while this form compiles to the same zero/sign extension.
    /// Sixteen pixels from `pointer`, widened to Int16.
    @inline(__always) @_optimize(speed)
    static func load(_ pointer: UnsafePointer<UInt8>) -> SIMD16<Int16> {
        let bytes = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<UInt8>.self)
        return SIMD16<Int16>(Int16(bytes[0]), Int16(bytes[1]), Int16(bytes[2]), Int16(bytes[3]), Int16(bytes[4]), Int16(bytes[5]), Int16(bytes[6]), Int16(bytes[7]), Int16(bytes[8]), Int16(bytes[9]), Int16(bytes[10]), Int16(bytes[11]), Int16(bytes[12]), Int16(bytes[13]), Int16(bytes[14]), Int16(bytes[15]))
    }

    @inline(__always) @_optimize(speed)
    private static func widen(_ vector: SIMD16<Int16>) -> SIMD16<Int32> {
        SIMD16<Int32>(Int32(vector[0]), Int32(vector[1]), Int32(vector[2]), Int32(vector[3]), Int32(vector[4]), Int32(vector[5]), Int32(vector[6]), Int32(vector[7]), Int32(vector[8]), Int32(vector[9]), Int32(vector[10]), Int32(vector[11]), Int32(vector[12]), Int32(vector[13]), Int32(vector[14]), Int32(vector[15]))
    }

    /// The sum of the lanes, in 64 bits.
    @inline(__always) @_optimize(speed)
    static func total(_ vector: SIMD16<Int32>) -> Int64 {
        // Lanes are summed in 64 bits: a 64-pixel block of steep gradients overflows Int32.
        var sum: Int64 = 0
        for lane in 0..<16 { sum += Int64(vector[lane]) }
        return sum
    }

    /// The sum of the lanes, in 64 bits.
    @inline(__always) @_optimize(speed)
    static func total(_ vector: SIMD8<Int32>) -> Int64 {
        var sum: Int64 = 0
        for lane in 0..<8 { sum += Int64(vector[lane]) }
        return sum
    }

    /// Products of neighbouring lanes summed in 32 bits: lane i is a[2i]·b[2i] + a[2i+1]·b[2i+1]. One
    /// instruction per eight lanes on x86-64 (SSE2's `pmaddwd`), where widening first and multiplying in 32
    /// bits takes a dozen (SSE2 has no 32-bit multiply). Exact unless both pairs are −32768².
    @inline(__always) @_optimize(speed)
    static func pairProducts(_ a: SIMD16<Int16>, _ b: SIMD16<Int16>) -> SIMD8<Int32> {
        #if arch(x86_64)
        let low = _mm_madd_epi16(unsafeBitCast(a.lowHalf, to: __m128i.self), unsafeBitCast(b.lowHalf, to: __m128i.self))
        let high = _mm_madd_epi16(unsafeBitCast(a.highHalf, to: __m128i.self), unsafeBitCast(b.highHalf, to: __m128i.self))
        return SIMD8<Int32>(lowHalf: unsafeBitCast(low, to: SIMD4<Int32>.self),
                            highHalf: unsafeBitCast(high, to: SIMD4<Int32>.self))
        #else
        let products = widen(a) &* widen(b)
        return products.evenHalf &+ products.oddHalf
        #endif
    }

    /// Fills `stats` for every block of `grid`: grey mean and variance, Sobel gradient covariance
    /// (normalised to grey levels per pixel) and Laplacian energy.
    ///
    /// `grid` must keep its one-pixel margin (as `BlockGrid.init` does). Lanes sum in 32 bits for 16 rows
    /// at a time, then move to 64 bits: a lane of a 256-pixel block (4,000 ppi) gains 512 products of at
    /// most 1,020² in 16 rows, far below 2³¹, whereas a whole block's could overflow.
    @_optimize(speed)
    static func measureBlocks(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, grid: BlockGrid, into stats: inout BlockStatistics
    ) {
        guard let base = pixels.baseAddress, !grid.isEmpty else { return }
        let size = grid.blockSize
        let pixelCount = Double(size * size)
        // A Sobel response to a unit ramp is 8, so squared responses are scaled by 1/64.
        let sobelScale = 1.0 / (64.0 * pixelCount)
        let ones = SIMD16<Int16>(repeating: 1)
        for row in 0..<grid.rows {
            let y0 = grid.originY + row * size
            for column in 0..<grid.columns {
                let x0 = grid.originX + column * size
                var sum = SIMD8<Int32>(), squares = SIMD8<Int32>()
                var xx = SIMD8<Int32>(), yy = SIMD8<Int32>(), xy = SIMD8<Int32>(), lap = SIMD8<Int32>()
                var totals = SIMD8<Int64>()
                for y in y0..<(y0 + size) {
                    let mid = base + y * width
                    let up = mid - width
                    let down = mid + width
                    var x = x0
                    while x < x0 + size {
                        let ul = load(up + x - 1), u = load(up + x), ur = load(up + x + 1)
                        let l = load(mid + x - 1), c = load(mid + x), r = load(mid + x + 1)
                        let dl = load(down + x - 1), d = load(down + x), dr = load(down + x + 1)
                        let gx = (ur &- ul) &+ ((r &- l) &<< 1) &+ (dr &- dl)
                        let gy = (dl &- ul) &+ ((d &- u) &<< 1) &+ (dr &- ur)
                        let laplace = (c &<< 2) &- l &- r &- u &- d
                        sum &+= pairProducts(c, ones)
                        squares &+= pairProducts(c, c)
                        xx &+= pairProducts(gx, gx)
                        yy &+= pairProducts(gy, gy)
                        xy &+= pairProducts(gx, gy)
                        lap &+= pairProducts(laplace, laplace)
                        x += 16
                    }
                    if (y - y0) % 16 == 15 || y == y0 + size - 1 {
                        totals &+= SIMD8(total(sum), total(squares), total(xx), total(yy), total(xy), total(lap), 0, 0)
                        sum = SIMD8(); squares = SIMD8(); xx = SIMD8(); yy = SIMD8(); xy = SIMD8(); lap = SIMD8()
                    }
                }
                let index = row * grid.columns + column
                let mean = Double(totals[0]) / pixelCount
                stats.mean[index] = mean
                stats.variance[index] = max(0, Double(totals[1]) / pixelCount - mean * mean)
                stats.gxx[index] = Double(totals[2]) * sobelScale
                stats.gyy[index] = Double(totals[3]) * sobelScale
                stats.gxy[index] = Double(totals[4]) * sobelScale
                stats.laplacian[index] = Double(totals[5]) / pixelCount
            }
        }
    }

    /// Counts grey levels of the rectangle `x0..<x1`, `y0..<y1` into `histogram` (256 bins, cleared first).
    @_optimize(speed)
    static func histogram(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int,
        x0: Int, y0: Int, x1: Int, y1: Int, into histogram: inout [Int]
    ) {
        for index in histogram.indices { histogram[index] = 0 }
        guard x1 > x0, y1 > y0 else { return }
        histogram.withUnsafeMutableBufferPointer { bins in
            for y in y0..<y1 {
                let row = y * width
                for x in x0..<x1 { bins[Int(pixels[row + x])] += 1 }
            }
        }
    }

    /// The grey level below which `fraction` of the histogram's pixels lie.
    @_optimize(speed)
    static func percentile(_ histogram: [Int], _ fraction: Double) -> Int {
        let total = histogram.reduce(0, +)
        guard total > 0 else { return 0 }
        let target = Int((Double(total) * fraction).rounded(.up))
        var running = 0
        for (level, count) in histogram.enumerated() {
            running += count
            if running >= max(1, target) { return level }
        }
        return 255
    }
}
