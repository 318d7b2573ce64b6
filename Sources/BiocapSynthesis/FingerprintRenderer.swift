import BiocapCore
import Foundation

/// Turns precomputed fingerprint planes into frames. Per frame it builds a 256 × 256 table from
/// (contact depth, ridge darkness) to grey for that frame's coverage and contrast, so a frame costs one
/// pass over the image (lookup and sensor noise together), plus a smear when the finger moves.
public struct FingerprintRenderer: Sendable {
    public let planes: FingerprintPlanes
    /// Empty-platen grey (light, ~200–230); ridges at full contact come out ~40–90.
    public let background: UInt8
    public let ppi = 500
    private let noise: [Int8]

    public init(planes: FingerprintPlanes, seed: UInt64) {
        self.planes = planes
        var random = SimulationRandom(seed: seed, stream: 0xB6)
        background = UInt8(random.uniform(205...226).rounded())
        noise = SimulatedImageOps.noiseTable(seed: random.next(), deviation: 3)
    }

    public func render(_ contact: FingerContact, frameIndex: Int) -> GrayImage {
        let width = planes.width, height = planes.height
        var pixels = [UInt8](repeating: background, count: width * height)
        let smeared = contact.coverage > 0 && contact.motionBlur > 1
        let x0 = max(0, contact.shiftX), x1 = min(width, width + contact.shiftX)
        let y0 = max(0, contact.shiftY), y1 = min(height, height + contact.shiftY)
        let table = contact.coverage > 0 ? lookupTable(contact) : []
        // Noise goes in with the lookup unless a smear comes between them.
        let noiseOffset = frameIndex &* 7919
        if contact.coverage > 0, x0 < x1, y0 < y1 {
            planes.depth.withUnsafeBufferPointer { depthBuffer in
                planes.ridge.withUnsafeBufferPointer { ridgeBuffer in
                    table.withUnsafeBufferPointer { lutBuffer in
                        noise.withUnsafeBufferPointer { noiseBuffer in
                            pixels.withUnsafeMutableBufferPointer { outBuffer in
                                guard let depth = depthBuffer.baseAddress, let ridge = ridgeBuffer.baseAddress,
                                      let lut = lutBuffer.baseAddress, let noiseValues = noiseBuffer.baseAddress,
                                      let out = outBuffer.baseAddress else { return }
                                let noiseCount = noiseBuffer.count
                                let (shiftX, shiftY) = (contact.shiftX, contact.shiftY)
                                var y = y0
                                while y < y1 {
                                    let source = (y - shiftY) * width - shiftX
                                    let row = y * width
                                    var x = x0
                                    var n = ((noiseOffset + row + x) % noiseCount + noiseCount) % noiseCount
                                    while x < x1 {
                                        var value = Int(lut[Int(depth[source + x]) << 8 | Int(ridge[source + x])])
                                        if !smeared {
                                            value += Int(noiseValues[n])
                                            value = value < 0 ? 0 : (value > 255 ? 255 : value)
                                            n += 1
                                            if n == noiseCount { n = 0 }
                                        }
                                        out[row + x] = UInt8(truncatingIfNeeded: value)
                                        x += 1
                                    }
                                    y += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        if smeared {
            pixels = SimulatedImageOps.boxBlur(pixels, width: width, height: height, radiusX: contact.motionBlur / 2, radiusY: 1)
            SimulatedImageOps.addNoise(&pixels, table: noise, offset: noiseOffset)
        } else {
            addNoiseOutside(&pixels, width: width, x0: x0, x1: x1, y0: y0, y1: y1, covered: contact.coverage > 0, offset: noiseOffset)
        }
        var image = GrayImage(width: width, height: height, ppi: ppi)
        image.pixels = pixels
        return image
    }

    /// Sensor noise on the pixels the lookup pass did not already treat (the whole frame when nothing
    /// touches, else the strips uncovered by the shift), at the same table position as a full pass.
    private func addNoiseOutside(_ pixels: inout [UInt8], width: Int, x0: Int, x1: Int, y0: Int, y1: Int, covered: Bool, offset: Int) {
        let height = pixels.count / max(width, 1)
        noise.withUnsafeBufferPointer { noiseBuffer in
            pixels.withUnsafeMutableBufferPointer { buffer in
                guard let noiseValues = noiseBuffer.baseAddress, let out = buffer.baseAddress else { return }
                let noiseCount = noiseBuffer.count
                var y = 0
                while y < height {
                    let inside = covered && y >= y0 && y < y1
                    let row = y * width
                    var x = 0
                    var n = ((offset + row) % noiseCount + noiseCount) % noiseCount
                    while x < width {
                        if inside && x == x0 && x0 < x1 {
                            n = ((n + x1 - x0) % noiseCount)
                            x = x1
                            continue
                        }
                        let value = Int(out[row + x]) + Int(noiseValues[n])
                        out[row + x] = UInt8(truncatingIfNeeded: value < 0 ? 0 : (value > 255 ? 255 : value))
                        n += 1
                        if n == noiseCount { n = 0 }
                        x += 1
                    }
                    y += 1
                }
            }
        }
    }

    /// Grey for each (depth, ridge) pair. Light contact prints only the ridge crests (thin, faint
    /// ridges); full contact prints the whole ridge dark and greys the valleys a little.
    private func lookupTable(_ contact: FingerContact) -> [UInt8] {
        var table = [UInt8](repeating: background, count: 65_536)
        let threshold = 1 - contact.coverage
        let bg = Double(background)
        table.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            var d = 1
            while d < 256 {
                let depth = Double(d) / 255
                let edge = smoothstep(threshold - 0.08, threshold + 0.08, depth)
                let pressure = min(1, depth * 1.15) * edge * contact.contrast
                if pressure > 0.001 {
                    let crest = (1 - pressure) * 0.55
                    let inverseSpan = 1 / (1 - crest)
                    var r = 0
                    while r < 256 {
                        let lifted = (Double(r) / 255 - crest) * inverseSpan
                        // lifted^1.5, written out: pow is a slow call in debug builds.
                        let ridge = lifted > 0 ? lifted * lifted.squareRoot() : 0
                        let value = bg - pressure * (28 + 122 * ridge)
                        out[d << 8 | r] = UInt8(value < 0 ? 0 : (value > 255 ? 255 : value))
                        r += 1
                    }
                }
                d += 1
            }
        }
        return table
    }

    private func smoothstep(_ low: Double, _ high: Double, _ x: Double) -> Double {
        let t = min(max((x - low) / (high - low), 0), 1)
        return t * t * (3 - 2 * t)
    }
}
