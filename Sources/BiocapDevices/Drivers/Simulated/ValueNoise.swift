import Foundation

/// Smooth seeded 2-D noise in [-1, 1]: random values on a square lattice, blended with a smoothstep.
/// Several octaves give natural-looking slow variation (ridge period, pressure, skin, iris fibres).
struct ValueNoise: Sendable {
    private let lattice: [Float]
    private let size: Int
    /// Lattice spacing in pixels (the feature size of the first octave).
    let cell: Double
    let octaves: Int

    init(seed: UInt64, cell: Double, octaves: Int = 1, size: Int = 64) {
        var random = SimulationRandom(seed: seed, stream: 0x4E01)
        self.size = size
        self.cell = max(cell, 0.5)
        self.octaves = max(1, octaves)
        lattice = (0..<(size * size)).map { _ in Float(random.uniform(-1...1)) }
    }

    /// Noise at (x, y) in pixels; periodic every `size * cell` pixels on the first octave.
    func value(_ x: Double, _ y: Double) -> Double {
        var total = 0.0, amplitude = 1.0, norm = 0.0, scale = 1 / cell
        for octave in 0..<octaves {
            total += amplitude * single(x * scale + Double(octave) * 17.3, y * scale + Double(octave) * 31.7)
            norm += amplitude
            amplitude *= 0.5
            scale *= 2
        }
        return total / norm
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
