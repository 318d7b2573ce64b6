/// Cheap whole-image operations used to turn a precomputed base image into a frame: blur (focus,
/// motion, blotting), and zoom/shift (a subject approaching or moving). Interleaved channels.
enum SimulatedImageOps {
    /// Separable box blur with running sums: O(pixels) whatever the radius.
    static func boxBlur(_ pixels: [UInt8], width: Int, height: Int, channels: Int = 1, radiusX: Int, radiusY: Int) -> [UInt8] {
        var result = pixels
        if radiusX > 0 { blurRows(&result, width: width, height: height, channels: channels, radius: radiusX) }
        if radiusY > 0 { blurColumns(&result, width: width, height: height, channels: channels, radius: radiusY) }
        return result
    }

    private static func blurRows(_ pixels: inout [UInt8], width: Int, height: Int, channels: Int, radius: Int) {
        let window = 2 * radius + 1
        var line = [Int](repeating: 0, count: width)
        pixels.withUnsafeMutableBufferPointer { buffer in
            for y in 0..<height {
                for channel in 0..<channels {
                    let base = y * width * channels + channel
                    for x in 0..<width { line[x] = Int(buffer[base + x * channels]) }
                    var sum = 0
                    for k in -radius...radius { sum += line[min(max(k, 0), width - 1)] }
                    for x in 0..<width {
                        buffer[base + x * channels] = UInt8(sum / window)
                        sum += line[min(x + radius + 1, width - 1)] - line[max(x - radius, 0)]
                    }
                }
            }
        }
    }

    private static func blurColumns(_ pixels: inout [UInt8], width: Int, height: Int, channels: Int, radius: Int) {
        let window = 2 * radius + 1
        let rowStride = width * channels
        // Running sums for a whole row at once keep memory access sequential.
        var sums = [Int](repeating: 0, count: rowStride)
        let source = pixels
        source.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for k in -radius...radius {
                    let row = min(max(k, 0), height - 1) * rowStride
                    for i in 0..<rowStride { sums[i] += Int(src[row + i]) }
                }
                for y in 0..<height {
                    let row = y * rowStride
                    let add = min(y + radius + 1, height - 1) * rowStride, remove = max(y - radius, 0) * rowStride
                    for i in 0..<rowStride {
                        dst[row + i] = UInt8(sums[i] / window)
                        sums[i] += Int(src[add + i]) - Int(src[remove + i])
                    }
                }
            }
        }
    }

    /// Draws the image scaled about its centre by (`scaleX`, `scaleY`) and moved by (`shiftX`, `shiftY`)
    /// pixels, bilinear; uncovered pixels take `fill`.
    static func zoom(
        _ pixels: [UInt8], width: Int, height: Int, channels: Int = 1,
        scaleX: Double, scaleY: Double, shiftX: Double, shiftY: Double, fill: [UInt8]
    ) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: pixels.count)
        let cx = Double(width) / 2, cy = Double(height) / 2
        let invX = 1 / max(scaleX, 0.01), invY = 1 / max(scaleY, 0.01)
        pixels.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let sy = (Double(y) - cy - shiftY) * invY + cy
                    let y0 = Int(sy.rounded(.down)), fy = sy - Double(y0)
                    for x in 0..<width {
                        let out = (y * width + x) * channels
                        let sx = (Double(x) - cx - shiftX) * invX + cx
                        let x0 = Int(sx.rounded(.down)), fx = sx - Double(x0)
                        guard x0 >= 0, y0 >= 0, x0 + 1 < width, y0 + 1 < height else {
                            for channel in 0..<channels { dst[out + channel] = fill[channel % fill.count] }
                            continue
                        }
                        let i00 = (y0 * width + x0) * channels, i10 = i00 + channels
                        let i01 = i00 + width * channels, i11 = i01 + channels
                        for channel in 0..<channels {
                            let top = Double(src[i00 + channel]) * (1 - fx) + Double(src[i10 + channel]) * fx
                            let bottom = Double(src[i01 + channel]) * (1 - fx) + Double(src[i11 + channel]) * fx
                            dst[out + channel] = UInt8(top * (1 - fy) + bottom * fy + 0.5)
                        }
                    }
                }
            }
        }
        return result
    }

    /// Moves the image by whole pixels (cheap per-frame jitter); uncovered pixels take `fill`.
    static func shift(_ pixels: [UInt8], width: Int, height: Int, channels: Int = 1, dx: Int, dy: Int, fill: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: pixels.count)
        for index in stride(from: 0, to: result.count, by: channels) {
            for channel in 0..<channels { result[index + channel] = fill[channel % fill.count] }
        }
        let rowBytes = width * channels
        let copyWidth = width - abs(dx)
        guard copyWidth > 0, abs(dy) < height else { return result }
        pixels.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                for y in max(0, dy)..<min(height, height + dy) {
                    let sourceRow = (y - dy) * rowBytes, targetRow = y * rowBytes
                    let sourceX = max(0, -dx) * channels, targetX = max(0, dx) * channels
                    guard let from = src.baseAddress, let to = dst.baseAddress else { return }
                    (to + targetRow + targetX).update(from: from + sourceRow + sourceX, count: copyWidth * channels)
                }
            }
        }
        return result
    }

    /// Adds pre-made sensor noise, starting at a per-frame offset into a noise table.
    static func addNoise(_ pixels: inout [UInt8], table: [Int8], offset: Int) {
        guard !table.isEmpty else { return }
        let count = table.count
        pixels.withUnsafeMutableBufferPointer { buffer in
            table.withUnsafeBufferPointer { noise in
                var n = ((offset % count) + count) % count
                for index in 0..<buffer.count {
                    buffer[index] = UInt8(clamping: Int(buffer[index]) + Int(noise[n]))
                    n += 1
                    if n == count { n = 0 }
                }
            }
        }
    }

    /// A table of Gaussian noise for `addNoise`.
    static func noiseTable(seed: UInt64, deviation: Double, count: Int = 65_521) -> [Int8] {
        var random = SimulationRandom(seed: seed, stream: 0x401)
        return (0..<count).map { _ in Int8(clamping: Int(random.gaussian(deviation: deviation).rounded())) }
    }
}
