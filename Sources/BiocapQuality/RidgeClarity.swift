/// Ridge–valley clarity of a block, a cheap variant of NFIQ 2's local clarity (LCS): the pixels are
/// projected on the ridge normal (the block's dominant gradient direction) and binned by distance
/// along it. With clean parallel ridges almost all grey-level variance lies in that one-dimensional
/// profile; noise, smudges, scars and curved or broken ridges leave variance outside it.
///
/// The result is the share of the block's variance explained by the profile, 0…1 (≈0.05 for noise
/// with 32-pixel blocks, above 0.6 for clear ridges). The same profile gives the share of the block
/// that is ridge (darker than the block mean), whose spread over the finger measures ridge–valley
/// uniformity (NFIQ 2's RVU). Bins are kept between calls.
struct RidgeClarity {
    private var sums: [Int32] = []
    private var counts: [Int32] = []

    /// Clarity of block `index` of `grid`, whose statistics are in `stats`, and its ridge share.
    @_optimize(speed)
    mutating func measure(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, grid: BlockGrid, index: Int, stats: BlockStatistics
    ) -> (clarity: Double, ridgeShare: Double) {
        let variance = stats.variance[index]
        let energy = stats.gxx[index] + stats.gyy[index]
        guard variance > 1e-6, energy > 1e-9, let base = pixels.baseAddress else { return (0, 0.5) }
        let size = grid.blockSize
        // Distances from the centre reach size/√2; one bin per pixel of distance, and a spare on each side.
        let binCount = 2 * (size * 3 / 4 + 2)
        if sums.count != binCount {
            sums = [Int32](repeating: 0, count: binCount)
            counts = sums
        }
        // Unit vector of the dominant gradient (the ridge normal) from the doubled-angle covariance.
        let doubleCos = stats.gxx[index] - stats.gyy[index], doubleSin = 2 * stats.gxy[index]
        let norm = (doubleCos * doubleCos + doubleSin * doubleSin).squareRoot()
        let cos2 = norm > 1e-12 ? doubleCos / norm : 1
        let normalX = Float(((1 + cos2) / 2).squareRoot())
        let normalY = Float(((1 - cos2) / 2).squareRoot()) * (doubleSin < 0 ? -1 : 1)
        let column = index % grid.columns, row = index / grid.columns
        let x0 = grid.originX + column * size, y0 = grid.originY + row * size
        let half = Float(size) / 2 - 0.5
        let offset = Float(binCount / 2)
        var total: Int64 = 0
        sums.withUnsafeMutableBufferPointer { sumBins in
            counts.withUnsafeMutableBufferPointer { countBins in
                for bin in 0..<binCount { sumBins[bin] = 0; countBins[bin] = 0 }
                for y in 0..<size {
                    let line = base + (y0 + y) * width + x0
                    var distance = (Float(y) - half) * normalY - half * normalX + offset
                    for x in 0..<size {
                        let bin = Int(distance)
                        let value = Int32(line[x])
                        sumBins[bin] &+= value
                        countBins[bin] &+= 1
                        total &+= Int64(value)
                        distance += normalX
                    }
                }
            }
        }
        let pixelCount = Double(size * size)
        let mean = Double(total) / pixelCount
        var between = 0.0, ridgePixels = 0.0
        for bin in 0..<binCount where counts[bin] > 0 {
            let binMean = Double(sums[bin]) / Double(counts[bin])
            between += Double(counts[bin]) * (binMean - mean) * (binMean - mean)
            if binMean < mean { ridgePixels += Double(counts[bin]) }
        }
        return (min(1, between / pixelCount / variance), ridgePixels / pixelCount)
    }
}
