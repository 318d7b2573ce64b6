/// SIMD kernels over 8-bit greyscale pixels. They read rows sixteen pixels at a time as
/// `SIMD16<UInt8>`, widen to `SIMD16<Int16>` for differences and to `SIMD16<Int32>` for products:
/// SIMD16 loops vectorise on plain SSE2, wider vectors written this way do not.
///
/// The per-frame loops of this module are marked `@_optimize(speed)`: in a debug build unspecialised
/// SIMD generics run about a hundred times slower, which would make debug daemons and tests crawl.
enum ImageKernels {
    // Widening is spelled lane by lane: the generic `init(truncatingIfNeeded:)` is not specialised
    // in debug builds (a call per lane), while this form compiles to the same zero/sign extension.
    @inline(__always) @_optimize(speed)
    private static func load(_ pointer: UnsafePointer<UInt8>) -> SIMD16<Int16> {
        let bytes = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<UInt8>.self)
        return SIMD16<Int16>(Int16(bytes[0]), Int16(bytes[1]), Int16(bytes[2]), Int16(bytes[3]), Int16(bytes[4]), Int16(bytes[5]), Int16(bytes[6]), Int16(bytes[7]), Int16(bytes[8]), Int16(bytes[9]), Int16(bytes[10]), Int16(bytes[11]), Int16(bytes[12]), Int16(bytes[13]), Int16(bytes[14]), Int16(bytes[15]))
    }

    @inline(__always) @_optimize(speed)
    private static func widen(_ vector: SIMD16<Int16>) -> SIMD16<Int32> {
        SIMD16<Int32>(Int32(vector[0]), Int32(vector[1]), Int32(vector[2]), Int32(vector[3]), Int32(vector[4]), Int32(vector[5]), Int32(vector[6]), Int32(vector[7]), Int32(vector[8]), Int32(vector[9]), Int32(vector[10]), Int32(vector[11]), Int32(vector[12]), Int32(vector[13]), Int32(vector[14]), Int32(vector[15]))
    }

    @inline(__always) @_optimize(speed)
    private static func total(_ vector: SIMD16<Int32>) -> Int64 {
        // Lanes are summed in 64 bits: a 64-pixel block of steep gradients overflows Int32.
        var sum: Int64 = 0
        for lane in 0..<16 { sum += Int64(vector[lane]) }
        return sum
    }

    /// Fills `stats` for every block of `grid`: grey mean and variance, Sobel gradient covariance
    /// (normalised to grey levels per pixel) and Laplacian energy.
    ///
    /// `grid` must keep its one-pixel margin (as `BlockGrid.init` does); per-lane Int32 sums stay
    /// exact for blocks up to 64 pixels.
    @_optimize(speed)
    static func measureBlocks(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, grid: BlockGrid, into stats: inout BlockStatistics
    ) {
        guard let base = pixels.baseAddress, !grid.isEmpty else { return }
        let size = grid.blockSize
        let pixelCount = Double(size * size)
        // A Sobel response to a unit ramp is 8, so squared responses are scaled by 1/64.
        let sobelScale = 1.0 / (64.0 * pixelCount)
        for row in 0..<grid.rows {
            let y0 = grid.originY + row * size
            for column in 0..<grid.columns {
                let x0 = grid.originX + column * size
                var sum = SIMD16<Int32>(), squares = SIMD16<Int32>()
                var xx = SIMD16<Int32>(), yy = SIMD16<Int32>(), xy = SIMD16<Int32>(), lap = SIMD16<Int32>()
                for y in y0..<(y0 + size) {
                    let mid = base + y * width
                    let up = mid - width
                    let down = mid + width
                    var x = x0
                    while x < x0 + size {
                        let ul = load(up + x - 1), u = load(up + x), ur = load(up + x + 1)
                        let l = load(mid + x - 1), c = load(mid + x), r = load(mid + x + 1)
                        let dl = load(down + x - 1), d = load(down + x), dr = load(down + x + 1)
                        let gx = widen((ur &- ul) &+ ((r &- l) &<< 1) &+ (dr &- dl))
                        let gy = widen((dl &- ul) &+ ((d &- u) &<< 1) &+ (dr &- ur))
                        let laplace = widen((c &<< 2) &- l &- r &- u &- d)
                        let centre = widen(c)
                        sum &+= centre
                        squares &+= centre &* centre
                        xx &+= gx &* gx
                        yy &+= gy &* gy
                        xy &+= gx &* gy
                        lap &+= laplace &* laplace
                        x += 16
                    }
                }
                let index = row * grid.columns + column
                let mean = Double(total(sum)) / pixelCount
                stats.mean[index] = mean
                stats.variance[index] = max(0, Double(total(squares)) / pixelCount - mean * mean)
                stats.gxx[index] = Double(total(xx)) * sobelScale
                stats.gyy[index] = Double(total(yy)) * sobelScale
                stats.gxy[index] = Double(total(xy)) * sobelScale
                stats.laplacian[index] = Double(total(lap)) / pixelCount
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
