/// The finding grid of slap segmentation: the image cut into small square cells (8 px at 500 ppi, about one
/// ridge period), each with its grey mean, grey-level deviation and ridge period, from one pass over the pixels.
/// A cell holds ridges when its deviation reaches a share of the image's strong ridge cells and its period is a
/// ridge period (noise is much finer, shading and halos much coarser); `foreground` closes the ridge cells over
/// 5 × 5 cells so valleys, pores and creases inside a finger do not break it up.
///
/// Arrays are kept between calls and reallocated only when the grid changes size.
struct SegmentationCells {
    /// Cell side at 500 ppi: about one ridge period, fine enough to see the gap between two fingertips.
    static let cellSizeAt500 = 8
    /// Ridge periods at 500 ppi (human ridges 6–14 px, with margin for blur and noise), as in `FingerQuality`.
    static let ridgePeriodRange = 4.5...25.0
    static let minimumRidgeDeviation: Float = 6
    /// A cell holds ridges when its deviation reaches this share of the strong ridge cells' (90th percentile).
    static let relativeDeviation: Float = 0.3
    /// Closing: a cell is foreground when at least this many of the 5 × 5 cells around it hold ridges
    /// (11 of 25: a straight finger edge does not grow, a two-cell crease or valley is filled).
    static let closingWindow = 2
    static let closingCount = 11

    private(set) var cellSize = 8
    private(set) var columns = 0
    private(set) var rows = 0
    private(set) var mean: [Float] = []
    private(set) var deviation: [Float] = []
    /// Cells with ridge texture.
    private(set) var ridge: [Bool] = []
    /// Ridge cells closed over 5 × 5 cells: the finger area.
    private(set) var foreground: [Bool] = []
    /// Grey level of the empty platen: mean of the cells that are not foreground (255 when there are none).
    private(set) var backgroundLevel: Float = 255

    private var sums: [Int32] = []
    private var squares: [Int32] = []
    private var gradients: [Int32] = []
    private var period: [Float] = []
    private var histogram = [Int](repeating: 0, count: 256)
    private var integral: [Int32] = []

    var count: Int { columns * rows }

    /// Measures `pixels` (`width` × `height`, row-major) on cells of `cellSize` pixels. Cells cover the image
    /// from its top-left corner, leaving out the last column and row so the forward differences stay inside.
    @_optimize(speed)
    mutating func measure(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, cellSize: Int, scale: Double) {
        self.cellSize = max(2, min(32, cellSize))
        let size = self.cellSize
        columns = width > 1 ? (width - 1) / size : 0
        rows = height > 1 ? (height - 1) / size : 0
        let count = columns * rows
        if mean.count != count || integral.count != (columns + 1) * (rows + 1) {
            mean = [Float](repeating: 0, count: count)
            deviation = mean
            ridge = [Bool](repeating: false, count: count)
            foreground = ridge
            period = mean
            integral = [Int32](repeating: 0, count: (columns + 1) * (rows + 1))
        }
        if sums.count != columns {
            sums = [Int32](repeating: 0, count: columns)
            squares = sums
            gradients = sums
        }
        guard count > 0, let base = pixels.baseAddress, pixels.count >= width * height else {
            columns = 0
            rows = 0
            return
        }
        Self.accumulate(base, width: width, columns: columns, rows: rows, size: size,
                        sums: &sums, squares: &squares, gradients: &gradients,
                        mean: &mean, deviation: &deviation, period: &period)
        classify(scale: scale)
        close()
    }

    /// Sums grey levels, their squares and squared forward differences per cell, and turns them into mean,
    /// deviation and period (`2π·√(variance / gradient energy)`). Pairs of 8-pixel cells are summed sixteen pixels
    /// at a time (`SIMD16`, widened as in `ImageKernels`); other cell sizes and an odd last cell go pixel by pixel.
    @_optimize(speed)
    private static func accumulate(
        _ base: UnsafePointer<UInt8>, width: Int, columns: Int, rows: Int, size: Int,
        sums: inout [Int32], squares: inout [Int32], gradients: inout [Int32],
        mean: inout [Float], deviation: inout [Float], period: inout [Float]
    ) {
        let pixelCount = Float(size * size)
        let pairs = size == 8 ? columns / 2 : 0
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            squares.withUnsafeMutableBufferPointer { squareBuffer in
                gradients.withUnsafeMutableBufferPointer { gradientBuffer in
                    guard let sum = sumBuffer.baseAddress, let square = squareBuffer.baseAddress,
                          let gradient = gradientBuffer.baseAddress else { return }
                    for cellRow in 0..<rows {
                        let y0 = cellRow * size
                        // Two 8-pixel cells per 16-pixel vector: lanes 0–7 are the left cell, 8–15 the right.
                        for pair in 0..<pairs {
                            var s = SIMD16<Int32>(), q = SIMD16<Int32>(), g = SIMD16<Int32>()
                            for y in y0..<(y0 + 8) {
                                let line = base + y * width + pair * 16
                                let centre = load(line), right = load(line + 1), below = load(line + width)
                                let dx = widen(right &- centre), dy = widen(below &- centre), value = widen(centre)
                                s &+= value
                                q &+= value &* value
                                g &+= dx &* dx &+ dy &* dy
                            }
                            let (leftSum, rightSum) = halves(s), (leftSquares, rightSquares) = halves(q)
                            let (leftGradient, rightGradient) = halves(g)
                            sum[2 * pair] = leftSum; sum[2 * pair + 1] = rightSum
                            square[2 * pair] = leftSquares; square[2 * pair + 1] = rightSquares
                            gradient[2 * pair] = leftGradient; gradient[2 * pair + 1] = rightGradient
                        }
                        for column in (2 * pairs)..<columns {
                            var s: Int32 = 0, q: Int32 = 0, g: Int32 = 0
                            for y in y0..<(y0 + size) {
                                let line = base + y * width
                                let below = line + width
                                for x in (column * size)..<(column * size + size) {
                                    let value = Int32(line[x])
                                    let dx = Int32(line[x + 1]) &- value
                                    let dy = Int32(below[x]) &- value
                                    s &+= value
                                    q &+= value &* value
                                    g &+= dx &* dx &+ dy &* dy
                                }
                            }
                            sum[column] = s; square[column] = q; gradient[column] = g
                        }
                        for column in 0..<columns {
                            let index = cellRow * columns + column
                            let m = Float(sum[column]) / pixelCount
                            let variance = max(0, Float(square[column]) / pixelCount - m * m)
                            let energy = Float(gradient[column]) / pixelCount
                            mean[index] = m
                            deviation[index] = variance.squareRoot()
                            period[index] = energy > 1e-6 ? 2 * Float.pi * (variance / energy).squareRoot() : .infinity
                        }
                    }
                }
            }
        }
    }

    // Widening spelled lane by lane, as in `ImageKernels`: the generic conversions are not specialised in debug builds.
    @inline(__always) @_optimize(speed)
    private static func load(_ pointer: UnsafePointer<UInt8>) -> SIMD16<Int16> {
        let bytes = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<UInt8>.self)
        return SIMD16<Int16>(Int16(bytes[0]), Int16(bytes[1]), Int16(bytes[2]), Int16(bytes[3]), Int16(bytes[4]), Int16(bytes[5]), Int16(bytes[6]), Int16(bytes[7]), Int16(bytes[8]), Int16(bytes[9]), Int16(bytes[10]), Int16(bytes[11]), Int16(bytes[12]), Int16(bytes[13]), Int16(bytes[14]), Int16(bytes[15]))
    }

    @inline(__always) @_optimize(speed)
    private static func widen(_ vector: SIMD16<Int16>) -> SIMD16<Int32> {
        SIMD16<Int32>(Int32(vector[0]), Int32(vector[1]), Int32(vector[2]), Int32(vector[3]), Int32(vector[4]), Int32(vector[5]), Int32(vector[6]), Int32(vector[7]), Int32(vector[8]), Int32(vector[9]), Int32(vector[10]), Int32(vector[11]), Int32(vector[12]), Int32(vector[13]), Int32(vector[14]), Int32(vector[15]))
    }

    /// Sums of lanes 0–7 and of lanes 8–15 (at most 64 pixels each: no overflow in 32 bits).
    @inline(__always) @_optimize(speed)
    private static func halves(_ vector: SIMD16<Int32>) -> (Int32, Int32) {
        let low = vector.lowHalf, high = vector.highHalf
        return (low.wrappedSum(), high.wrappedSum())
    }

    /// Marks ridge cells: a ridge period, and a deviation reaching a share of the strong ridge cells'.
    @_optimize(speed)
    private mutating func classify(scale: Double) {
        let low = Float(Self.ridgePeriodRange.lowerBound * scale), high = Float(Self.ridgePeriodRange.upperBound * scale)
        for bin in 0..<histogram.count { histogram[bin] = 0 }
        var candidates = 0
        for index in 0..<count where period[index] >= low && period[index] <= high && deviation[index] >= Self.minimumRidgeDeviation {
            histogram[min(255, Int(deviation[index]))] += 1
            candidates += 1
        }
        var strong: Float = 0
        if candidates > 0 {
            let target = Int(Double(candidates) * 0.9)
            var running = 0
            for bin in 0..<histogram.count {
                running += histogram[bin]
                if running > target { strong = Float(bin) + 0.5; break }
            }
        }
        let threshold = max(Self.minimumRidgeDeviation, Self.relativeDeviation * strong)
        for index in 0..<count {
            ridge[index] = candidates > 0 && deviation[index] >= threshold && period[index] >= low && period[index] <= high
        }
    }

    /// Foreground = ridge cells closed over a 5 × 5 window (summed-area table of the ridge mask).
    @_optimize(speed)
    private mutating func close() {
        let stride = columns + 1
        for column in 0...columns { integral[column] = 0 }
        for row in 0..<rows {
            var running: Int32 = 0
            integral[(row + 1) * stride] = 0
            for column in 0..<columns {
                running &+= ridge[row * columns + column] ? 1 : 0
                integral[(row + 1) * stride + column + 1] = integral[row * stride + column + 1] &+ running
            }
        }
        let k = Self.closingWindow
        var backgroundSum: Float = 0, backgroundCells = 0
        for row in 0..<rows {
            let top = max(0, row - k), bottom = min(rows, row + k + 1)
            for column in 0..<columns {
                let left = max(0, column - k), right = min(columns, column + k + 1)
                let inside = integral[bottom * stride + right] &- integral[top * stride + right]
                    &- integral[bottom * stride + left] &+ integral[top * stride + left]
                let index = row * columns + column
                // Near the image edge the window is smaller: ask for the same share of it.
                let window = (bottom - top) * (right - left)
                let isForeground = Int(inside) * 25 >= Self.closingCount * window
                foreground[index] = isForeground
                if !isForeground { backgroundSum += mean[index]; backgroundCells += 1 }
            }
        }
        backgroundLevel = backgroundCells > 0 ? backgroundSum / Float(backgroundCells) : 255
    }
}
