import Foundation

/// Ridge–valley clarity of a block, a cheap variant of NFIQ 2's local clarity (LCS): the pixels are projected on the ridge normal (the block's dominant gradient direction)
/// and binned by distance along it. With clean parallel ridges almost all grey-level variance lies in that
/// one-dimensional profile; noise, smudges, scars and curved or broken ridges leave variance outside it.
///
/// Clarity is the share of the block's variance explained by the profile, 0…1 (≈0.05 for noise with
/// 32-pixel blocks, above 0.6 for clear ridges). It is measured on the whole block and on each of its four
/// quadrants with the block's orientation: a crease, a scar or a dry patch a few pixels wide spoils one
/// quadrant's profile while the whole block's still looks clear. The same profile gives the share of the
/// block that is ridge (darker than the block mean), whose spread over the finger measures ridge–valley
/// uniformity (NFIQ 2's RVU). Bins are kept between calls. (NFIQ 2's own LCS, FDA and RVU are measured
/// in `RidgeValleyBlocks`.)
struct RidgeClarity {
    /// What one block's ridge profile says.
    struct Measures {
        /// Share of the block's variance explained by its ridge profile, 0…1.
        var clarity = 0.0
        /// Mean of the four quadrants' clarities, each against its own mean and variance.
        var quadrantClarity = 0.0
        /// Share of the block darker than its mean.
        var ridgeShare = 0.5
    }

    private var sums: [Int32] = []
    private var counts: [Int32] = []
    private var quadrantTotals: [Int64] = [0, 0, 0, 0]
    private var quadrantSquares: [Int64] = [0, 0, 0, 0]

    /// The measures of block `index` of `grid`, whose statistics are in `stats`.
    @_optimize(speed)
    mutating func measure(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, grid: BlockGrid, index: Int, stats: BlockStatistics
    ) -> Measures {
        let variance = stats.variance[index]
        let energy = stats.gxx[index] + stats.gyy[index]
        guard variance > 1e-6, energy > 1e-9, let base = pixels.baseAddress else { return Measures() }
        let size = grid.blockSize, halfSize = size / 2
        // Distances from the centre reach size/√2; one bin per pixel of distance, and a spare on each side.
        let binCount = 2 * (size * 3 / 4 + 2)
        // Each quadrant's bins twice, for even and odd columns: neighbouring pixels often share a bin, and
        // adding both to one memory cell makes the second wait for the first.
        if sums.count != 8 * binCount {
            sums = [Int32](repeating: 0, count: 8 * binCount)
            counts = sums
        }
        // Unit vector of the dominant gradient (the ridge normal) from the doubled-angle covariance.
        let doubleCos = stats.gxx[index] - stats.gyy[index], doubleSin = 2 * stats.gxy[index]
        let norm = (doubleCos * doubleCos + doubleSin * doubleSin).squareRoot()
        let cos2 = norm > 1e-12 ? doubleCos / norm : 1
        let normalX = ((1 + cos2) / 2).squareRoot()
        let normalY = ((1 - cos2) / 2).squareRoot() * (doubleSin < 0 ? -1 : 1)
        let column = index % grid.columns, row = index / grid.columns
        let x0 = grid.originX + column * size, y0 = grid.originY + row * size
        let half = Double(size) / 2 - 0.5
        let offset = Double(binCount / 2)
        // A pixel's bin is its distance from the block centre along the normal, plus `offset`, rounded down;
        // in fixed point with 16 fractional bits, so each pixel's is found without waiting for its
        // neighbour's (the spare bins absorb the rounding).
        let unit = 65_536.0
        let stepX = Int((normalX * unit).rounded()), stepY = Int((normalY * unit).rounded())
        let start = Int(((offset - half * normalX - half * normalY) * unit).rounded())
        for quadrant in 0..<4 { quadrantTotals[quadrant] = 0; quadrantSquares[quadrant] = 0 }
        sums.withUnsafeMutableBufferPointer { sumBins in
            counts.withUnsafeMutableBufferPointer { countBins in
                for bin in 0..<(8 * binCount) { sumBins[bin] = 0; countBins[bin] = 0 }
                let oddBins = 4 * binCount
                for y in 0..<size {
                    let line = base + (y0 + y) * width + x0
                    let rowStart = start &+ y &* stepY
                    // Quadrants 0, 1 on the upper half, 2, 3 on the lower; each has its own bins.
                    let upper = y < halfSize ? 0 : 2
                    for side in 0..<2 {
                        let quadrant = upper + side
                        let binBase = quadrant * binCount
                        var total: Int32 = 0, squares: Int32 = 0
                        var x = side * halfSize
                        while x < (side + 1) * halfSize {
                            let even = binBase &+ ((rowStart &+ x &* stepX) >> 16)
                            let odd = oddBins &+ binBase &+ ((rowStart &+ (x &+ 1) &* stepX) >> 16)
                            let first = Int32(line[x]), second = Int32(line[x &+ 1])
                            sumBins[even] &+= first
                            countBins[even] &+= 1
                            sumBins[odd] &+= second
                            countBins[odd] &+= 1
                            total &+= first &+ second
                            squares &+= first &* first &+ second &* second
                            x &+= 2
                        }
                        quadrantTotals[quadrant] &+= Int64(total)
                        quadrantSquares[quadrant] &+= Int64(squares)
                    }
                }
                for bin in 0..<oddBins {
                    sumBins[bin] &+= sumBins[oddBins &+ bin]
                    countBins[bin] &+= countBins[oddBins &+ bin]
                }
            }
        }
        var measures = Measures()
        let quadrantPixels = Double(halfSize * halfSize)
        var wholeTotal: Int64 = 0
        for quadrant in 0..<4 {
            wholeTotal += quadrantTotals[quadrant]
            measures.quadrantClarity += quadrantClarity(quadrant, binCount: binCount, pixels: quadrantPixels) / 4
        }
        let pixelCount = Double(size * size)
        let mean = Double(wholeTotal) / pixelCount
        var between = 0.0, ridgePixels = 0.0
        for bin in 0..<binCount {
            let count = counts[bin] + counts[bin + binCount] + counts[bin + 2 * binCount] + counts[bin + 3 * binCount]
            guard count > 0 else { continue }
            let sum = sums[bin] + sums[bin + binCount] + sums[bin + 2 * binCount] + sums[bin + 3 * binCount]
            let binMean = Double(sum) / Double(count)
            between += Double(count) * (binMean - mean) * (binMean - mean)
            if binMean < mean { ridgePixels += Double(count) }
        }
        measures.clarity = min(1, between / pixelCount / variance)
        measures.ridgeShare = ridgePixels / pixelCount
        return measures
    }

    /// Clarity of one quadrant against its own mean and variance (a quadrant of one grey level has none).
    private func quadrantClarity(_ quadrant: Int, binCount: Int, pixels: Double) -> Double {
        let mean = Double(quadrantTotals[quadrant]) / pixels
        let variance = Double(quadrantSquares[quadrant]) / pixels - mean * mean
        guard variance > 1e-6 else { return 0 }
        var between = 0.0
        for bin in (quadrant * binCount)..<((quadrant + 1) * binCount) where counts[bin] > 0 {
            let binMean = Double(sums[bin]) / Double(counts[bin])
            between += Double(counts[bin]) * (binMean - mean) * (binMean - mean)
        }
        return min(1, between / pixels / variance)
    }
}
