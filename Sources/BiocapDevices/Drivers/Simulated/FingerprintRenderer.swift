import BiocapCore
import Foundation

/// Turns precomputed fingerprint planes into frames. Per frame it builds a 256 × 256 table from
/// (contact depth, ridge darkness) to grey for that frame's coverage and contrast, so a frame costs one
/// lookup per pixel plus optional shift, smear and sensor noise.
struct FingerprintRenderer: Sendable {
    let planes: FingerprintPlanes
    /// Empty-platen grey (light, ~200–230); ridges at full contact come out ~40–90.
    let background: UInt8
    let ppi = 500
    private let noise: [Int8]

    init(planes: FingerprintPlanes, seed: UInt64) {
        self.planes = planes
        var random = SimulationRandom(seed: seed, stream: 0xB6)
        background = UInt8(random.uniform(205...226).rounded())
        noise = SimulatedImageOps.noiseTable(seed: random.next(), deviation: 3)
    }

    func render(_ contact: FingerContact, frameIndex: Int) -> GrayImage {
        let table = lookupTable(contact)
        let width = planes.width, height = planes.height
        var pixels = [UInt8](repeating: background, count: width * height)
        if contact.coverage > 0 {
            let x0 = max(0, contact.shiftX), x1 = min(width, width + contact.shiftX)
            let y0 = max(0, contact.shiftY), y1 = min(height, height + contact.shiftY)
            if x0 < x1 && y0 < y1 {
                planes.depth.withUnsafeBufferPointer { depth in
                    planes.ridge.withUnsafeBufferPointer { ridge in
                        table.withUnsafeBufferPointer { lut in
                            pixels.withUnsafeMutableBufferPointer { out in
                                for y in y0..<y1 {
                                    let source = (y - contact.shiftY) * width - contact.shiftX
                                    for x in x0..<x1 {
                                        out[y * width + x] = lut[Int(depth[source + x]) << 8 | Int(ridge[source + x])]
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if contact.motionBlur > 1 {
                pixels = SimulatedImageOps.boxBlur(pixels, width: width, height: height, radiusX: contact.motionBlur / 2, radiusY: 1)
            }
        }
        SimulatedImageOps.addNoise(&pixels, table: noise, offset: frameIndex &* 7919)
        var image = GrayImage(width: width, height: height, ppi: ppi)
        image.pixels = pixels
        return image
    }

    /// Grey for each (depth, ridge) pair. Light contact prints only the ridge crests (thin, faint
    /// ridges); full contact prints the whole ridge dark and greys the valleys a little.
    private func lookupTable(_ contact: FingerContact) -> [UInt8] {
        var table = [UInt8](repeating: background, count: 65_536)
        let threshold = 1 - contact.coverage
        let bg = Double(background)
        for d in 1..<256 {
            let depth = Double(d) / 255
            let edge = smoothstep(threshold - 0.08, threshold + 0.08, depth)
            let pressure = min(1, depth * 1.15) * edge * contact.contrast
            guard pressure > 0.001 else { continue }
            let crest = (1 - pressure) * 0.55
            for r in 0..<256 {
                let ridge = pow(max(0, (Double(r) / 255 - crest) / (1 - crest)), 1.5)
                let value = bg - pressure * (28 + 122 * ridge)
                table[d << 8 | r] = UInt8(min(max(value, 0), 255))
            }
        }
        return table
    }

    private func smoothstep(_ low: Double, _ high: Double, _ x: Double) -> Double {
        let t = min(max((x - low) / (high - low), 0), 1)
        return t * t * (3 - 2 * t)
    }
}
