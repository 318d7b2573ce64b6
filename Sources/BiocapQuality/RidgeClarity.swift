import Foundation

/// Ridge–valley clarity of a block, a cheap variant of NFIQ 2's local clarity (LCS) and frequency domain
/// analysis (FDA): the pixels are projected on the ridge normal (the block's dominant gradient direction)
/// and binned by distance along it. With clean parallel ridges almost all grey-level variance lies in that
/// one-dimensional profile; noise, smudges, scars and curved or broken ridges leave variance outside it.
///
/// Clarity is the share of the block's variance explained by the profile, 0…1 (≈0.05 for noise with
/// 32-pixel blocks, above 0.6 for clear ridges). It is measured on the whole block and on each of its four
/// quadrants with the block's orientation: a crease, a scar or a dry patch a few pixels wide spoils one
/// quadrant's profile while the whole block's still looks clear. The profile's dominance at the ridge
/// frequency (as FDA) says how much of it is one sinusoid rather than a blur of several frequencies. The
/// same profile gives the share of the block that is ridge (darker than the block mean), whose spread over
/// the finger measures ridge–valley uniformity (NFIQ 2's RVU). Bins are kept between calls.
struct RidgeClarity {
    /// What one block's ridge profile says.
    struct Measures {
        /// Share of the block's variance explained by its ridge profile, 0…1.
        var clarity = 0.0
        /// Mean of the four quadrants' clarities, each against its own mean and variance.
        var quadrantClarity = 0.0
        /// Power of the profile at its strongest frequency near the ridge frequency over the power of all
        /// its non-constant frequencies, 0…1: one clean sinusoid gives about 1.
        var frequencyDominance = 0.0
        /// Share of the block darker than its mean.
        var ridgeShare = 0.5
    }

    private var sums: [Int32] = []
    private var counts: [Int32] = []
    private var quadrantTotals: [Int64] = [0, 0, 0, 0]
    private var quadrantSquares: [Int64] = [0, 0, 0, 0]
    private var profile: [Double] = []

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
        if sums.count != 4 * binCount {
            sums = [Int32](repeating: 0, count: 4 * binCount)
            counts = sums
            profile = [Double](repeating: 0, count: binCount)
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
        for quadrant in 0..<4 { quadrantTotals[quadrant] = 0; quadrantSquares[quadrant] = 0 }
        sums.withUnsafeMutableBufferPointer { sumBins in
            counts.withUnsafeMutableBufferPointer { countBins in
                for bin in 0..<(4 * binCount) { sumBins[bin] = 0; countBins[bin] = 0 }
                for y in 0..<size {
                    let line = base + (y0 + y) * width + x0
                    let distance = (Float(y) - half) * normalY - half * normalX + offset
                    // Quadrants 0, 1 on the upper half, 2, 3 on the lower; each has its own bins.
                    let upper = y < halfSize ? 0 : 2
                    for side in 0..<2 {
                        let quadrant = upper + side
                        let binBase = quadrant * binCount
                        var total: Int32 = 0, squares: Int32 = 0
                        var position = distance + Float(side * halfSize) * normalX
                        for x in (side * halfSize)..<((side + 1) * halfSize) {
                            let bin = binBase + Int(position)
                            let value = Int32(line[x])
                            sumBins[bin] &+= value
                            countBins[bin] &+= 1
                            total &+= value
                            squares &+= value &* value
                            position += normalX
                        }
                        quadrantTotals[quadrant] &+= Int64(total)
                        quadrantSquares[quadrant] &+= Int64(squares)
                    }
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
        var first = binCount, last = -1
        for bin in 0..<binCount {
            let count = counts[bin] + counts[bin + binCount] + counts[bin + 2 * binCount] + counts[bin + 3 * binCount]
            guard count > 0 else { profile[bin] = 0; continue }
            let sum = sums[bin] + sums[bin + binCount] + sums[bin + 2 * binCount] + sums[bin + 3 * binCount]
            let binMean = Double(sum) / Double(count)
            profile[bin] = binMean - mean
            between += Double(count) * (binMean - mean) * (binMean - mean)
            if binMean < mean { ridgePixels += Double(count) }
            first = min(first, bin)
            last = max(last, bin)
        }
        measures.clarity = min(1, between / pixelCount / variance)
        measures.ridgeShare = ridgePixels / pixelCount
        measures.frequencyDominance = dominance(first: first, last: last, period: stats.period(index))
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

    /// The profile's power at the strongest of the frequencies near the block's ridge frequency (the
    /// `period` from its gradients, ±2 harmonics of the profile length) over its total non-constant power
    /// (Parseval: half the summed squares times the length, for a real profile's positive frequencies).
    private func dominance(first: Int, last: Int, period: Double) -> Double {
        let length = last - first + 1
        guard length >= 4, period.isFinite, period > 0 else { return 0 }
        var profileMean = 0.0
        for bin in first...last { profileMean += profile[bin] }
        profileMean /= Double(length)
        var power = 0.0
        for bin in first...last { power += (profile[bin] - profileMean) * (profile[bin] - profileMean) }
        guard power > 1e-9 else { return 0 }
        let expected = Int((Double(length) / period).rounded())
        let lowest = max(1, expected - 2), highest = min(length / 2, expected + 2)
        guard lowest <= highest else { return 0 }
        var strongest = 0.0
        for harmonic in lowest...highest {
            // The phasor turns by one step per bin: one cosine and sine per harmonic, not per bin.
            let step = -2 * Double.pi * Double(harmonic) / Double(length)
            let turnCos = cos(step), turnSin = sin(step)
            var phasorCos = 1.0, phasorSin = 0.0
            var real = 0.0, imaginary = 0.0
            for bin in first...last {
                let value = profile[bin] - profileMean
                real += value * phasorCos
                imaginary += value * phasorSin
                (phasorCos, phasorSin) = (phasorCos * turnCos - phasorSin * turnSin,
                                          phasorCos * turnSin + phasorSin * turnCos)
            }
            strongest = max(strongest, real * real + imaginary * imaginary)
        }
        return min(1, strongest / (Double(length) * power / 2))
    }
}
