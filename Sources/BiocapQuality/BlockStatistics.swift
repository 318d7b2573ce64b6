/// Per-block measurements of a greyscale image, every value averaged per pixel of the block.
/// The arrays are kept between frames and only reallocated when the grid changes size.
struct BlockStatistics {
    private(set) var grid = BlockGrid(width: 0, height: 0, blockSize: 16)
    /// Mean grey level.
    var mean: [Double] = []
    /// Grey-level variance.
    var variance: [Double] = []
    /// Mean squared horizontal / vertical gradient and their mean product, in (grey levels per pixel)².
    var gxx: [Double] = []
    var gyy: [Double] = []
    var gxy: [Double] = []
    /// Mean squared 4-neighbour Laplacian, in (grey levels per pixel²)².
    var laplacian: [Double] = []

    /// Sizes the arrays for `grid` (allocating only when the block count changes) and fills them.
    mutating func measure(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, grid: BlockGrid) {
        self.grid = grid
        if mean.count != grid.count {
            mean = [Double](repeating: 0, count: grid.count)
            variance = mean
            gxx = mean
            gyy = mean
            gxy = mean
            laplacian = mean
        }
        ImageKernels.measureBlocks(pixels, width: width, grid: grid, into: &self)
    }

    /// How strongly the gradients in a block share one direction: 0 isotropic noise, 1 perfect ridges
    /// ((λ1 − λ2) / (λ1 + λ2) of the gradient covariance).
    func coherence(_ index: Int) -> Double {
        let sum = gxx[index] + gyy[index]
        guard sum > 1e-9 else { return 0 }
        let difference = gxx[index] - gyy[index]
        return (difference * difference + 4 * gxy[index] * gxy[index]).squareRoot() / sum
    }

    /// Period of the dominant pattern, in pixels, from the ratio of grey-level variance to gradient
    /// energy (for a sinusoid of period T, mean |∇|² = (2π / T)² · variance). Infinite when flat.
    func period(_ index: Int) -> Double {
        let energy = gxx[index] + gyy[index]
        guard energy > 1e-9 else { return .infinity }
        return 2 * Double.pi * (variance[index] / energy).squareRoot()
    }
}
