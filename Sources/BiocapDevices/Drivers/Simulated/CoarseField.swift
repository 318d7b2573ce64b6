/// A smooth per-pixel field evaluated on a coarse grid and bilinearly interpolated: the noise-driven
/// fields (ridge period, bending, pressure) vary over tens of pixels, so this is as good and much faster.
struct CoarseField {
    let values: [Float]

    init(width: Int, height: Int, step: Int = 8, _ function: (Double, Double) -> Double) {
        let gridWidth = width / step + 2, gridHeight = height / step + 2
        var grid = [Float](repeating: 0, count: gridWidth * gridHeight)
        for gy in 0..<gridHeight {
            for gx in 0..<gridWidth { grid[gy * gridWidth + gx] = Float(function(Double(gx * step), Double(gy * step))) }
        }
        var values = [Float](repeating: 0, count: width * height)
        let inverse = 1 / Float(step)
        for y in 0..<height {
            let gy = y / step, fy = Float(y - gy * step) * inverse
            for x in 0..<width {
                let gx = x / step, fx = Float(x - gx * step) * inverse
                let i = gy * gridWidth + gx
                let top = grid[i] + (grid[i + 1] - grid[i]) * fx
                let bottom = grid[i + gridWidth] + (grid[i + gridWidth + 1] - grid[i + gridWidth]) * fx
                values[y * width + x] = top + (bottom - top) * fy
            }
        }
        self.values = values
    }
}
