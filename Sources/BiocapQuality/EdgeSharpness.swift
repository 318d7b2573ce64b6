/// Focus from the width of edges, robust to sensor noise. For an edge of contrast C blurred over w
/// pixels, the mean squared gradient of a block across it goes as C²/w and the squared Laplacian as
/// C²/w², so their ratio is about 2/w whatever the contrast. Noise adds to both, most of all to the
/// Laplacian, so the flattest blocks' energies are taken as the noise floor and subtracted, and only
/// the blocks with the strongest gradients (the edges) are measured. Buffers kept between frames.
struct EdgeSharpness {
    /// Share of blocks taken as edges, and as the noise floor.
    static let edgeShare = 0.15
    static let floorShare = 0.2
    /// Laplacian-to-gradient ratio that scores 50: edges about four pixels wide.
    static let halfPoint = 0.5

    private var gradient: [Double] = []
    private var sortScratch: [Double] = []

    /// 0–100 sharpness of the blocks `stats` measured (100 for crisp one-pixel edges, about 20 for
    /// edges ten pixels wide, 0 with no edges above the noise).
    @_optimize(speed)
    mutating func measure(_ stats: BlockStatistics) -> Double {
        let count = stats.grid.count
        guard count >= 4 else { return 0 }
        if gradient.count != count {
            gradient = [Double](repeating: 0, count: count)
            sortScratch = gradient
        }
        for index in 0..<count {
            gradient[index] = stats.gxx[index] + stats.gyy[index]
            sortScratch[index] = stats.laplacian[index]
        }
        sortScratch.withUnsafeMutableBufferPointer { $0.sort() }
        let laplacianFloor = sortScratch[Int(Double(count - 1) * Self.floorShare)]
        for index in 0..<count { sortScratch[index] = gradient[index] }
        sortScratch.withUnsafeMutableBufferPointer { $0.sort() }
        let gradientFloor = sortScratch[Int(Double(count - 1) * Self.floorShare)]
        let edgeLevel = sortScratch[Int(Double(count - 1) * (1 - Self.edgeShare))]
        var laplacianSum = 0.0, gradientSum = 0.0
        for index in 0..<count where gradient[index] >= edgeLevel {
            laplacianSum += max(0, stats.laplacian[index] - laplacianFloor)
            gradientSum += max(0, gradient[index] - gradientFloor)
        }
        // Edges must stand clear of the noise before their width means anything.
        guard gradientSum > 1e-9, edgeLevel > 4 * max(gradientFloor, 0.25) else { return 0 }
        let ratio = laplacianSum / gradientSum
        return 100 * ratio / (ratio + Self.halfPoint)
    }
}
