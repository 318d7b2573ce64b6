/// A smooth per-pixel field evaluated on a coarse grid and bilinearly interpolated: the noise-driven
/// fields (ridge period, bending, pressure) vary over tens of pixels, so this is as good and much faster.
public struct CoarseField {
    public let values: [Float]

    public init(width: Int, height: Int, step: Int = 8, _ function: (Double, Double) -> Double) {
        let gridWidth = width / step + 2, gridHeight = height / step + 2
        var grid = [Float](repeating: 0, count: gridWidth * gridHeight)
        for gy in 0..<gridHeight {
            for gx in 0..<gridWidth { grid[gy * gridWidth + gx] = Float(function(Double(gx * step), Double(gy * step))) }
        }
        var values = [Float](repeating: 0, count: width * height)
        let inverse = 1 / Float(step)
        // Pointer loops: this runs per pixel, and array subscripts are calls in debug builds.
        grid.withUnsafeBufferPointer { gridBuffer in
            values.withUnsafeMutableBufferPointer { valueBuffer in
                guard let samples = gridBuffer.baseAddress, let out = valueBuffer.baseAddress else { return }
                var y = 0
                while y < height {
                    let gy = y / step, fy = Float(y - gy * step) * inverse
                    var x = 0
                    while x < width {
                        let gx = x / step, fx = Float(x - gx * step) * inverse
                        let i = gy * gridWidth + gx
                        let top = samples[i] + (samples[i + 1] - samples[i]) * fx
                        let bottom = samples[i + gridWidth] + (samples[i + gridWidth + 1] - samples[i + gridWidth]) * fx
                        out[y * width + x] = top + (bottom - top) * fy
                        x += 1
                    }
                    y += 1
                }
            }
        }
        self.values = values
    }
}
