import Foundation

/// Image-level features of one finger region (a single-finger image's whole foreground, or one
/// finger of a slap), averaged over the region's foreground blocks. Modelled on NFIQ 2's features
/// (ISO/IEC 29794-4 annex): region of interest, grey mean and block-mean spread (Mu, MMB),
/// orientation certainty (OCL), orientation flow (OFL), ridge frequency, and local clarity (LCS).
struct FingerFeatures {
    /// Foreground blocks in the region.
    var blocks = 0
    /// Foreground area, mm².
    var area = 0.0
    /// Mean of the blocks' grey-level standard deviations.
    var contrast = 0.0
    /// Mean grey level of the foreground blocks (NFIQ 2's MMB is the mean of block means).
    var meanGrey = 0.0
    /// Standard deviation of the foreground blocks' means: uneven pressure, wet or dry patches.
    var greySpread = 0.0
    /// Mean orientation certainty, (λ1 − λ2) / (λ1 + λ2) of the gradient covariance (OCL).
    var certainty = 0.0
    /// Mean angle between neighbouring blocks' ridge orientations, degrees (OFL): smooth flow is small.
    var flow = 0.0
    /// Mean ridge period, pixels at 500 ppi.
    var period = 0.0
    /// Standard deviation of the block ridge periods over their mean.
    var periodSpread = 0.0
    /// Mean ridge–valley clarity (see `RidgeClarity`).
    var clarity = 0.0
    /// Share of foreground blocks whose clarity is below 0.3 (unusable ridge structure).
    var unclearShare = 0.0
    /// Area of the blocks whose ridges are clear (clarity ≥ 0.6), mm²: where minutiae can be found reliably.
    var clearArea = 0.0
    /// Share of foreground blocks with weak orientation certainty (below 0.4).
    var uncertainShare = 0.0
    /// Share of neighbouring foreground block pairs whose orientations differ by more than 25°.
    var flowBreakShare = 0.0
    /// Mean ratio of Laplacian energy to what clean ridges of the block's period and gradient energy
    /// would give ((2π / T)² · |∇|²): above 1 there is fine-grained noise or broken ridges (pores, dust).
    var noise = 0.0
    /// Mean share of a block that is ridge (darker than the block mean): high when ridges are thick
    /// and run together (wet, pressed hard), low when they are thin and broken (dry, light touch).
    var ridgeShare = 0.0
    /// Standard deviation of the blocks' ridge shares: ridge–valley (non-)uniformity, as NFIQ 2's RVU.
    var ridgeShareSpread = 0.0
    /// Mean gradient magnitude, grey levels per pixel.
    var sharpness = 0.0
    /// Mean clarity of the blocks' quadrants (see `RidgeClarity`): creases, scars and dry or wet
    /// patches narrower than a block spoil a quadrant's ridges while the whole block's still look clear.
    var quadrantClarity = 0.0
    /// Mean NFIQ 2 FDA of the region's blocks that have a ridge frequency: the dominance of the ridge
    /// frequency in their ridge profiles (`RidgeValleyHistograms.meanFrequencyDominance`).
    var frequencyDominance = 0.0
    /// Share of foreground blocks whose ridges are well defined: every-quadrant clarity and orientation
    /// certainty both at least 0.5. Ridges a minutia extractor can follow and trust.
    var wellDefinedShare = 0.0
    /// NFIQ 2's local ridge–valley histograms (FDA, LCS, RVU) over the region.
    var ridgeValley = RidgeValleyHistograms()
    /// Centroid in block units (column, row), for placement.
    var centroid = (x: 0.0, y: 0.0)
    /// Bounding box of the region in blocks.
    var bounds = (minColumn: 0, minRow: 0, maxColumn: 0, maxRow: 0)

    /// Below this clarity a block's ridges are not resolvable.
    static let unclearThreshold = 0.3
    static let clearThreshold = 0.6
    static let uncertainThreshold = 0.4
    static let flowBreakDegrees = 25.0
    /// Quadrant clarity and orientation certainty from which a block's ridges count as well defined.
    static let wellDefinedClarity = 0.5
    static let wellDefinedCertainty = 0.5

    /// Accumulates the features over the blocks whose `regions` entry equals `region`.
    /// `ridge` holds each foreground block's ridge-profile measures; `scale` is ppi / 500. NFIQ 2's local
    /// measures (`ridgeValley`) come from its own grid and segmentation: all of them for a single finger
    /// (`wholeImage`, as NFIQ 2 does), in a slap those whose block centre lies in the region.
    @_optimize(speed)
    static func measure(
        region: Int32, regions: [Int32], stats: BlockStatistics, ridge: [RidgeClarity.Measures],
        ridgeValley: RidgeValleyBlocks, wholeImage: Bool, grid: BlockGrid, scale: Double
    ) -> FingerFeatures {
        var features = FingerFeatures()
        for block in ridgeValley.blocks {
            if !wholeImage {
                let column = (block.centreX - grid.originX) / grid.blockSize
                let row = (block.centreY - grid.originY) / grid.blockSize
                guard block.centreX >= grid.originX, block.centreY >= grid.originY,
                      column < grid.columns, row < grid.rows,
                      regions[row * grid.columns + column] == region else { continue }
            }
            features.ridgeValley.add(block, ratios: ridgeValley.ratios)
        }
        var sumMean = 0.0, sumMeanSquares = 0.0, sumPeriod = 0.0, sumPeriodSquares = 0.0
        var sumFlow = 0.0, flowBlocks = 0, unclear = 0, clear = 0, uncertain = 0, breaks = 0
        var sumX = 0.0, sumY = 0.0, sumShare = 0.0, sumShareSquares = 0.0, wellDefined = 0
        var minColumn = grid.columns, maxColumn = -1, minRow = grid.rows, maxRow = -1
        let columns = grid.columns
        for row in 0..<grid.rows {
            for column in 0..<columns {
                let index = row * columns + column
                guard regions[index] == region else { continue }
                features.blocks += 1
                let mean = stats.mean[index]
                sumMean += mean
                sumMeanSquares += mean * mean
                features.contrast += stats.variance[index].squareRoot()
                let certainty = stats.coherence(index)
                features.certainty += certainty
                if certainty < uncertainThreshold { uncertain += 1 }
                let energy = stats.gxx[index] + stats.gyy[index]
                features.sharpness += energy.squareRoot()
                // For a sinusoid, Laplacian energy = (2π / T)² · gradient energy = energy² / variance.
                let expected = energy * energy / max(1e-9, stats.variance[index])
                features.noise += min(10, stats.laplacian[index] / max(1e-9, expected))
                let period = stats.period(index) / scale
                sumPeriod += period
                sumPeriodSquares += period * period
                let measures = ridge[index]
                features.clarity += measures.clarity
                if measures.clarity < unclearThreshold { unclear += 1 }
                if measures.clarity >= clearThreshold { clear += 1 }
                features.quadrantClarity += measures.quadrantClarity
                if measures.quadrantClarity >= wellDefinedClarity, certainty >= wellDefinedCertainty { wellDefined += 1 }
                sumShare += measures.ridgeShare
                sumShareSquares += measures.ridgeShare * measures.ridgeShare
                sumX += Double(column) + 0.5
                sumY += Double(row) + 0.5
                minColumn = min(minColumn, column); maxColumn = max(maxColumn, column)
                minRow = min(minRow, row); maxRow = max(maxRow, row)

                // Flow: compare with the right, lower and the two lower diagonal neighbours, so each
                // pair of blocks counts once.
                var angles = 0.0, neighbours = 0
                func compare(_ other: Int) {
                    guard regions[other] == region else { return }
                    let angle = orientationDifference(stats, index, other)
                    angles += angle
                    if angle > flowBreakDegrees { breaks += 1 }
                    neighbours += 1
                }
                if column + 1 < columns { compare(index + 1) }
                if row + 1 < grid.rows {
                    compare(index + columns)
                    if column + 1 < columns { compare(index + columns + 1) }
                    if column > 0 { compare(index + columns - 1) }
                }
                sumFlow += angles
                flowBlocks += neighbours
            }
        }
        guard features.blocks > 0 else { return features }
        let n = Double(features.blocks)
        let blockMillimetres = Double(grid.blockSize) / (500 * scale) * 25.4
        features.area = n * blockMillimetres * blockMillimetres
        features.contrast /= n
        features.certainty /= n
        features.sharpness /= n
        features.noise /= n
        features.ridgeShare = sumShare / n
        features.ridgeShareSpread = max(0, sumShareSquares / n - features.ridgeShare * features.ridgeShare).squareRoot()
        features.clarity /= n
        features.quadrantClarity /= n
        features.frequencyDominance = features.ridgeValley.meanFrequencyDominance
        features.wellDefinedShare = Double(wellDefined) / n
        features.unclearShare = Double(unclear) / n
        features.clearArea = Double(clear) * blockMillimetres * blockMillimetres
        features.uncertainShare = Double(uncertain) / n
        features.flowBreakShare = flowBlocks > 0 ? Double(breaks) / Double(flowBlocks) : 0
        features.meanGrey = sumMean / n
        features.greySpread = max(0, sumMeanSquares / n - features.meanGrey * features.meanGrey).squareRoot()
        features.period = sumPeriod / n
        features.periodSpread = max(0, sumPeriodSquares / n - features.period * features.period).squareRoot()
            / max(1e-9, features.period)
        features.flow = flowBlocks > 0 ? sumFlow / Double(flowBlocks) : 0
        features.centroid = (sumX / n, sumY / n)
        features.bounds = (minColumn, minRow, maxColumn, maxRow)
        return features
    }

    /// Angle between two blocks' dominant orientations, 0…90 degrees.
    @inline(__always)
    private static func orientationDifference(_ stats: BlockStatistics, _ a: Int, _ b: Int) -> Double {
        let cosA = stats.gxx[a] - stats.gyy[a], sinA = 2 * stats.gxy[a]
        let cosB = stats.gxx[b] - stats.gyy[b], sinB = 2 * stats.gxy[b]
        let norms = ((cosA * cosA + sinA * sinA) * (cosB * cosB + sinB * sinB)).squareRoot()
        guard norms > 1e-12 else { return 90 }
        // Doubled angles: the cosine of twice the difference.
        let cosine = max(-1, min(1, (cosA * cosB + sinA * sinB) / norms))
        return acos(cosine) * 90 / Double.pi
    }

    /// The features of several regions together, each weighted by its number of blocks (the slap's
    /// overall figures). Centroid and bounds are not combined.
    static func combined(_ parts: [FingerFeatures]) -> FingerFeatures {
        var total = FingerFeatures()
        for part in parts {
            let weight = Double(part.blocks)
            total.blocks += part.blocks
            total.area += part.area
            total.contrast += weight * part.contrast
            total.meanGrey += weight * part.meanGrey
            total.greySpread += weight * part.greySpread
            total.certainty += weight * part.certainty
            total.flow += weight * part.flow
            total.period += weight * part.period
            total.periodSpread += weight * part.periodSpread
            total.clarity += weight * part.clarity
            total.unclearShare += weight * part.unclearShare
            total.sharpness += weight * part.sharpness
            total.noise += weight * part.noise
            total.ridgeShare += weight * part.ridgeShare
            total.ridgeShareSpread += weight * part.ridgeShareSpread
            total.clearArea += part.clearArea
            total.uncertainShare += weight * part.uncertainShare
            total.flowBreakShare += weight * part.flowBreakShare
            total.quadrantClarity += weight * part.quadrantClarity
            total.wellDefinedShare += weight * part.wellDefinedShare
            total.ridgeValley = total.ridgeValley + part.ridgeValley
        }
        guard total.blocks > 0 else { return total }
        let n = Double(total.blocks)
        total.contrast /= n; total.meanGrey /= n; total.greySpread /= n; total.certainty /= n
        total.flow /= n; total.period /= n; total.periodSpread /= n; total.clarity /= n
        total.unclearShare /= n; total.sharpness /= n; total.noise /= n; total.ridgeShare /= n; total.ridgeShareSpread /= n; total.uncertainShare /= n; total.flowBreakShare /= n
        total.quadrantClarity /= n; total.wellDefinedShare /= n
        total.frequencyDominance = total.ridgeValley.meanFrequencyDominance
        return total
    }
}
