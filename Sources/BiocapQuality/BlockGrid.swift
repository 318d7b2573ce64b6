/// A grid of square blocks laid over an image, centred, with a one-pixel margin kept free on every
/// side so 3×3 kernels never read outside the image.
struct BlockGrid: Equatable {
    /// Block side in pixels, a multiple of 16 so SIMD16 rows never straddle a block edge.
    var blockSize: Int
    var originX: Int
    var originY: Int
    var columns: Int
    var rows: Int

    var count: Int { columns * rows }
    var isEmpty: Bool { columns == 0 || rows == 0 }

    /// The largest centred grid of `blockSize` blocks that fits in `width` × `height`.
    init(width: Int, height: Int, blockSize: Int) {
        let size = max(16, (blockSize / 16) * 16)
        self.blockSize = size
        columns = max(0, (width - 2) / size)
        rows = max(0, (height - 2) / size)
        originX = 1 + (width - 2 - columns * size) / 2
        originY = 1 + (height - 2 - rows * size) / 2
    }

    /// The largest grid of `blockSize` blocks centred in the rectangle `x0..<x1`, `y0..<y1`, kept one
    /// pixel inside the `width` × `height` image.
    init(x0: Int, y0: Int, x1: Int, y1: Int, width: Int, height: Int, blockSize: Int) {
        let left = max(1, x0), top = max(1, y0), right = min(width - 1, x1), bottom = min(height - 1, y1)
        self.init(width: max(0, right - left) + 2, height: max(0, bottom - top) + 2, blockSize: blockSize)
        originX += left - 1
        originY += top - 1
    }

    /// Centre of block (`column`, `row`) in image coordinates.
    func centre(column: Int, row: Int) -> (x: Double, y: Double) {
        (Double(originX + column * blockSize) + Double(blockSize) / 2,
         Double(originY + row * blockSize) + Double(blockSize) / 2)
    }
}
