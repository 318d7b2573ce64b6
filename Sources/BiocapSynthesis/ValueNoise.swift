import Foundation

/// Smooth seeded 2-D noise in [-1, 1]: random values on a square lattice, blended with a smoothstep.
/// Several octaves give natural-looking slow variation (ridge period, pressure, skin, iris fibres).
public struct ValueNoise: Sendable {
    private let lattice: [Float]
    private let size: Int
    /// Lattice spacing in pixels (the feature size of the first octave).
    public let cell: Double
    public let octaves: Int

    public init(seed: UInt64, cell: Double, octaves: Int = 1, size: Int = 64) {
        var random = SimulationRandom(seed: seed, stream: 0x4E01)
        self.size = size
        self.cell = max(cell, 0.5)
        self.octaves = max(1, octaves)
        lattice = (0..<(size * size)).map { _ in Float(random.uniform(-1...1)) }
    }

    /// Noise at (x, y) in pixels; periodic every `size * cell` pixels on the first octave.
    public func value(_ x: Double, _ y: Double) -> Double {
        var total = 0.0, amplitude = 1.0, norm = 0.0, scale = 1 / cell
        for octave in 0..<octaves {
            total += amplitude * single(x * scale + Double(octave) * 17.3, y * scale + Double(octave) * 31.7)
            norm += amplitude
            amplitude *= 0.5
            scale *= 2
        }
        return total / norm
    }

    /// A sampler with its own copy of the lattice, read through a pointer: the same values as
    /// `value(x, y)`, for per-pixel loops over scattered coordinates (array reads are calls in debug builds).
    public func sampler() -> Sampler { Sampler(lattice: lattice, size: size, inverseCell: 1 / cell, octaves: octaves) }

    /// Evaluates a `ValueNoise` from a private copy of its lattice.
    public final class Sampler {
        private let lattice: UnsafeMutablePointer<Float>
        private let size: Int
        private let inverseCell: Double
        private let octaves: Int

        fileprivate init(lattice values: [Float], size: Int, inverseCell: Double, octaves: Int) {
            lattice = UnsafeMutablePointer<Float>.allocate(capacity: values.count)
            lattice.initialize(from: values, count: values.count)
            self.size = size
            self.inverseCell = inverseCell
            self.octaves = octaves
        }

        deinit { lattice.deallocate() }

        public func value(_ x: Double, _ y: Double) -> Double {
            var total = 0.0, amplitude = 1.0, norm = 0.0, scale = inverseCell
            var octave = 0
            while octave < octaves {
                let px = x * scale + Double(octave) * 17.3, py = y * scale + Double(octave) * 31.7
                let fx = floor(px), fy = floor(py)
                let tx = px - fx, ty = py - fy
                let sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty)
                let ix = ((Int(fx) % size) + size) % size, iy = ((Int(fy) % size) + size) % size
                let ix1 = ix + 1 == size ? 0 : ix + 1, iy1 = iy + 1 == size ? 0 : iy + 1
                let a = Double(lattice[iy * size + ix]), b = Double(lattice[iy * size + ix1])
                let c = Double(lattice[iy1 * size + ix]), d = Double(lattice[iy1 * size + ix1])
                let top = a + (b - a) * sx, bottom = c + (d - c) * sx
                total += amplitude * (top + (bottom - top) * sy)
                norm += amplitude
                amplitude *= 0.5
                scale *= 2
                octave += 1
            }
            return total / norm
        }
    }

    /// `value(x, y)` at every pixel of a `width` × `height` grid, row by row, as `gain * value + bias`.
    /// Along a row or column the lattice cell and blend weight depend on one coordinate only, so they
    /// are tabled once per octave and each pixel costs four lattice reads per octave (also in debug builds).
    public func plane(width: Int, height: Int, gain: Float = 1, bias: Float = 0) -> [Float] {
        var result = [Float](repeating: 0, count: width * height)
        guard width > 0, height > 0 else { return result }
        var columnIndex = [Int](repeating: 0, count: 2 * width), columnWeight = [Float](repeating: 0, count: width)
        var rowIndex = [Int](repeating: 0, count: 2 * height), rowWeight = [Float](repeating: 0, count: height)
        var amplitude: Float = 1, norm: Float = 0, scale = 1 / cell
        for octave in 0..<octaves {
            tabulate(count: width, scale: scale, offset: Double(octave) * 17.3, stride: 1, index: &columnIndex, weight: &columnWeight)
            tabulate(count: height, scale: scale, offset: Double(octave) * 31.7, stride: size, index: &rowIndex, weight: &rowWeight)
            lattice.withUnsafeBufferPointer { latticeBuffer in
                columnIndex.withUnsafeBufferPointer { ci in
                    columnWeight.withUnsafeBufferPointer { cw in
                        result.withUnsafeMutableBufferPointer { out in
                            guard let lat = latticeBuffer.baseAddress, let cIndex = ci.baseAddress,
                                  let cWeight = cw.baseAddress, let target = out.baseAddress else { return }
                            var y = 0
                            while y < height {
                                let top = lat + rowIndex[2 * y], bottom = lat + rowIndex[2 * y + 1]
                                let sy = rowWeight[y]
                                let row = target + y * width
                                var x = 0
                                while x < width {
                                    let i0 = cIndex[2 * x], i1 = cIndex[2 * x + 1], sx = cWeight[x]
                                    let upper = top[i0] + (top[i1] - top[i0]) * sx
                                    let lower = bottom[i0] + (bottom[i1] - bottom[i0]) * sx
                                    row[x] += amplitude * (upper + (lower - upper) * sy)
                                    x += 1
                                }
                                y += 1
                            }
                        }
                    }
                }
            }
            norm += amplitude
            amplitude *= 0.5
            scale *= 2
        }
        let factor = gain / norm
        result.withUnsafeMutableBufferPointer { out in
            guard let target = out.baseAddress else { return }
            var i = 0
            while i < out.count {
                target[i] = target[i] * factor + bias
                i += 1
            }
        }
        return result
    }

    /// Lattice offsets (pairs, pre-multiplied by `stride`) and smoothstep weights along one axis.
    private func tabulate(count: Int, scale: Double, offset: Double, stride: Int, index: inout [Int], weight: inout [Float]) {
        for i in 0..<count {
            let position = Double(i) * scale + offset
            let floor = position.rounded(.down)
            let t = position - floor
            let cell = ((Int(floor) % size) + size) % size
            index[2 * i] = cell * stride
            index[2 * i + 1] = ((cell + 1) % size) * stride
            weight[i] = Float(t * t * (3 - 2 * t))
        }
    }

    private func single(_ x: Double, _ y: Double) -> Double {
        let fx = x.rounded(.down), fy = y.rounded(.down)
        let tx = x - fx, ty = y - fy
        let sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty)
        let ix = ((Int(fx) % size) + size) % size, iy = ((Int(fy) % size) + size) % size
        let ix1 = (ix + 1) % size, iy1 = (iy + 1) % size
        let a = Double(lattice[iy * size + ix]), b = Double(lattice[iy * size + ix1])
        let c = Double(lattice[iy1 * size + ix]), d = Double(lattice[iy1 * size + ix1])
        let top = a + (b - a) * sx, bottom = c + (d - c) * sx
        return top + (bottom - top) * sy
    }
}
