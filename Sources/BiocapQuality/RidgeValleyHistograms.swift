/// NFIQ 2's ten-bin histograms of its local ridge–valley measures over one finger region (see
/// `RidgeValleyBlocks`): frequency domain analysis and local clarity per block, ridge–valley uniformity per
/// ratio. NFIQ 2 feeds the raw bin counts to its model; the finger score uses them grouped by meaning, as
/// counts (blocks are 1.6 mm squares at any resolution, so a count is an area).
struct RidgeValleyHistograms {
    /// Bins 0…9 in lanes 0…9 (lanes 10…15 stay 0).
    var frequency = SIMD16<Int32>()
    var clarity = SIMD16<Int32>()
    var uniformity = SIMD16<Int32>()
    /// The sum of FDA over the blocks that have a ridge frequency (bins 0…8).
    var frequencySum = 0.0

    /// Adds one block's measures and ratios.
    mutating func add(_ block: RidgeValleyBlocks.Block, ratios: [Double]) {
        let frequencyBin = RidgeValleyBlocks.bin(block.frequency, RidgeValleyBlocks.frequencyEdges)
        frequency[frequencyBin] += 1
        if frequencyBin < 9 { frequencySum += block.frequency }
        clarity[RidgeValleyBlocks.bin(block.clarity, RidgeValleyBlocks.clarityEdges)] += 1
        for index in block.ratios {
            uniformity[RidgeValleyBlocks.bin(ratios[index], RidgeValleyBlocks.uniformityEdges)] += 1
        }
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        Self(frequency: lhs.frequency &+ rhs.frequency, clarity: lhs.clarity &+ rhs.clarity,
             uniformity: lhs.uniformity &+ rhs.uniformity, frequencySum: lhs.frequencySum + rhs.frequencySum)
    }

    /// Mean FDA of the blocks that have a ridge frequency (0 when none has): how much of a block's ridge
    /// profile is its dominant frequency.
    var meanFrequencyDominance: Double {
        let blocks = Self.sum(frequency, 0...8)
        return blocks > 0 ? frequencySum / blocks : 0
    }

    private static func sum(_ bins: SIMD16<Int32>, _ range: ClosedRange<Int>) -> Double {
        var total: Int32 = 0
        for index in range { total += bins[index] }
        return Double(total)
    }

    /// Blocks whose ridge profile is weakly periodic (FDA below 0.33).
    var weakFrequencyBlocks: Double { Self.sum(frequency, 0...2) }
    /// Blocks with a moderately dominant ridge frequency (FDA 0.33–0.44).
    var moderateFrequencyBlocks: Double { Self.sum(frequency, 3...6) }
    /// Blocks whose ridge profile is nearly one sinusoid (FDA 0.44–1).
    var strongFrequencyBlocks: Double { Self.sum(frequency, 7...8) }
    /// Blocks with no ridge frequency at all: the strongest component is the lowest or highest (FDA 1).
    var noFrequencyBlocks: Double { Self.sum(frequency, 9...9) }
    /// Blocks whose ridges and valleys are not separable (LCS below 0.70, including implausible widths).
    var unclearRidgeBlocks: Double { Self.sum(clarity, 0...1) }
    /// Blocks of fair clarity (LCS 0.70–0.79).
    var fairRidgeBlocks: Double { Self.sum(clarity, 2...4) }
    /// Blocks of clear ridges (LCS 0.79–0.85).
    var clearRidgeBlocks: Double { Self.sum(clarity, 5...7) }
    /// Blocks of very clear ridges (LCS 0.85 and above).
    var veryClearRidgeBlocks: Double { Self.sum(clarity, 8...9) }
    /// Neighbouring ridge/valley width ratios below 0.8.
    var narrowWidthRatios: Double { Self.sum(uniformity, 0...2) }
    /// Ratios of 0.8–1.25: ridges as wide as their valleys.
    var evenWidthRatios: Double { Self.sum(uniformity, 3...4) }
    /// Ratios of 1.25–2.
    var wideWidthRatios: Double { Self.sum(uniformity, 5...6) }
    /// Ratios of 2 and above: a ridge or valley at least twice its neighbour (merged or broken ridges).
    var extremeWidthRatios: Double { Self.sum(uniformity, 7...9) }
}
