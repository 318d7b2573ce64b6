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

    /// Sums grey levels, their squares and squared forward differences per cell, row of cells by row of cells,
    /// and turns them into mean, deviation and period (`2π·√(variance / gradient energy)`).
    @_optimize(speed)
    private static func accumulate(
        _ base: UnsafePointer<UInt8>, width: Int, columns: Int, rows: Int, size: Int,
        sums: inout [Int32], squares: inout [Int32], gradients: inout [Int32],
        mean: inout [Float], deviation: inout [Float], period: inout [Float]
    ) {
        let pixelCount = Float(size * size)
        for cellRow in 0..<rows {
            for column in 0..<columns { sums[column] = 0; squares[column] = 0; gradients[column] = 0 }
            for y in (cellRow * size)..<(cellRow * size + size) {
                let line = base + y * width
                let below = line + width
                for column in 0..<columns {
                    var s: Int32 = 0, q: Int32 = 0, g: Int32 = 0
                    let x0 = column * size
                    for x in x0..<(x0 + size) {
                        let value = Int32(line[x])
                        let dx = Int32(line[x + 1]) &- value
                        let dy = Int32(below[x]) &- value
                        s &+= value
                        q &+= value &* value
                        g &+= dx &* dx &+ dy &* dy
                    }
                    sums[column] &+= s
                    squares[column] &+= q
                    gradients[column] &+= g
                }
            }
            for column in 0..<columns {
                let index = cellRow * columns + column
                let m = Float(sums[column]) / pixelCount
                let variance = max(0, Float(squares[column]) / pixelCount - m * m)
                let energy = Float(gradients[column]) / pixelCount
                mean[index] = m
                deviation[index] = variance.squareRoot()
                period[index] = energy > 1e-6 ? 2 * Float.pi * (variance / energy).squareRoot() : .infinity
            }
        }
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
