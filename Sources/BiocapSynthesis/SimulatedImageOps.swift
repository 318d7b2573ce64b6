/// Cheap whole-image operations used to turn a precomputed base image into a frame: blur (focus,
/// motion, blotting), and zoom/shift (a subject approaching or moving). Interleaved channels.
///
/// Every loop runs over raw pointers with `while`: these run once per frame on up to 2.4 M pixels, and
/// in debug builds array subscripts, ranges and generic helpers (`min`, `max`) are real calls per pixel.
public enum SimulatedImageOps {
    /// Separable box blur with running sums: O(pixels) whatever the radius.
    public static func boxBlur(_ pixels: [UInt8], width: Int, height: Int, channels: Int = 1, radiusX: Int, radiusY: Int) -> [UInt8] {
        var result = pixels
        if radiusX > 0 { blurRows(&result, width: width, height: height, channels: channels, radius: radiusX) }
        if radiusY > 0 { blurColumns(&result, width: width, height: height, channels: channels, radius: radiusY) }
        return result
    }

    /// ⌊n / divisor⌋ for a window sum n of 8-bit pixels (n ≤ 255 · divisor) as a multiply and a shift, which the
    /// compiler cannot do itself for a divisor known only at run time (a 64-bit division per pixel was most of a
    /// blur). With m = ⌈2³² / d⌉, n · m / 2³² exceeds n / d by less than n / 2³², which stays below 1 / d (so the
    /// floor is the same) while n < 2³² / d: true for every window sum when d < 4,096; wider windows divide.
    struct WindowMean {
        let divisor: Int
        let multiplier: Int

        init(window: Int) {
            divisor = window
            multiplier = window < 4096 ? ((1 << 32) + window - 1) / window : 0
        }

        @inline(__always)
        func callAsFunction(_ sum: Int) -> UInt8 {
            UInt8(truncatingIfNeeded: multiplier != 0 ? (sum &* multiplier) >> 32 : sum / divisor)
        }
    }

    private static func blurRows(_ pixels: inout [UInt8], width: Int, height: Int, channels: Int, radius: Int) {
        guard width > 0 else { return }
        let mean = WindowMean(window: 2 * radius + 1)
        let line = UnsafeMutablePointer<Int>.allocate(capacity: width)
        defer { line.deallocate() }
        pixels.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var y = 0
            while y < height {
                var channel = 0
                while channel < channels {
                    let row = base + (y * width * channels + channel)
                    var x = 0
                    while x < width {
                        line[x] = Int(row[x * channels])
                        x += 1
                    }
                    var sum = 0
                    var k = -radius
                    while k <= radius {
                        sum += line[k < 0 ? 0 : (k >= width ? width - 1 : k)]
                        k += 1
                    }
                    x = 0
                    while x < width {
                        row[x * channels] = mean(sum)
                        let add = x + radius + 1, remove = x - radius
                        sum += line[add >= width ? width - 1 : add] - line[remove < 0 ? 0 : remove]
                        x += 1
                    }
                    channel += 1
                }
                y += 1
            }
        }
    }

    private static func blurColumns(_ pixels: inout [UInt8], width: Int, height: Int, channels: Int, radius: Int) {
        guard height > 0 else { return }
        let mean = WindowMean(window: 2 * radius + 1)
        let rowStride = width * channels
        // Running sums for a whole row at once keep memory access sequential.
        let sums = UnsafeMutablePointer<Int>.allocate(capacity: rowStride)
        sums.initialize(repeating: 0, count: rowStride)
        defer { sums.deallocate() }
        let source = pixels
        source.withUnsafeBufferPointer { srcBuffer in
            pixels.withUnsafeMutableBufferPointer { dstBuffer in
                guard let src = srcBuffer.baseAddress, let dst = dstBuffer.baseAddress else { return }
                var k = -radius
                while k <= radius {
                    let row = src + (k < 0 ? 0 : (k >= height ? height - 1 : k)) * rowStride
                    var i = 0
                    while i < rowStride {
                        sums[i] += Int(row[i])
                        i += 1
                    }
                    k += 1
                }
                var y = 0
                while y < height {
                    let out = dst + y * rowStride
                    let addRow = y + radius + 1, removeRow = y - radius
                    let add = src + (addRow >= height ? height - 1 : addRow) * rowStride
                    let remove = src + (removeRow < 0 ? 0 : removeRow) * rowStride
                    var i = 0
                    while i < rowStride {
                        out[i] = mean(sums[i])
                        sums[i] += Int(add[i]) - Int(remove[i])
                        i += 1
                    }
                    y += 1
                }
            }
        }
    }

    /// Draws the image scaled about its centre by (`scaleX`, `scaleY`) and moved by (`shiftX`, `shiftY`)
    /// pixels, bilinear; uncovered pixels take `fill`.
    public static func zoom(
        _ pixels: [UInt8], width: Int, height: Int, channels: Int = 1,
        scaleX: Double, scaleY: Double, shiftX: Double, shiftY: Double, fill: [UInt8]
    ) -> [UInt8] {
        var result = filled(width: width, height: height, channels: channels, fill: fill)
        // Source column/row and 8-bit blend weight per target column/row; -1 marks "outside".
        let columns = sampling(count: width, scale: scaleX, shift: shiftX)
        let rows = sampling(count: height, scale: scaleY, shift: shiftY)
        pixels.withUnsafeBufferPointer { srcBuffer in
            result.withUnsafeMutableBufferPointer { dstBuffer in
                columns.withUnsafeBufferPointer { columnBuffer in
                    guard let src = srcBuffer.baseAddress, let dst = dstBuffer.baseAddress,
                          let column = columnBuffer.baseAddress else { return }
                    let rowStride = width * channels
                    var y = 0
                    while y < height {
                        let y0 = rows[2 * y]
                        if y0 >= 0 {
                            let fy = rows[2 * y + 1], gy = 256 - fy
                            let top = src + y0 * rowStride, bottom = top + rowStride
                            let out = dst + y * rowStride
                            var x = 0
                            while x < width {
                                let x0 = column[2 * x]
                                if x0 >= 0 {
                                    let fx = column[2 * x + 1], gx = 256 - fx
                                    let i0 = x0 * channels, i1 = i0 + channels
                                    let o = x * channels
                                    var c = 0
                                    while c < channels {
                                        let upper = Int(top[i0 + c]) * gx + Int(top[i1 + c]) * fx
                                        let lower = Int(bottom[i0 + c]) * gx + Int(bottom[i1 + c]) * fx
                                        out[o + c] = UInt8(truncatingIfNeeded: (upper * gy + lower * fy + 32_768) >> 16)
                                        c += 1
                                    }
                                }
                                x += 1
                            }
                        }
                        y += 1
                    }
                }
            }
        }
        return result
    }

    /// For each target coordinate, the source coordinate (or -1 when the 2 × 2 neighbourhood falls
    /// outside) and its fractional part in 1/256ths, for a scale about the centre and a shift.
    private static func sampling(count: Int, scale: Double, shift: Double) -> [Int] {
        var table = [Int](repeating: -1, count: 2 * count)
        let centre = Double(count) / 2, inverse = 1 / max(scale, 0.01)
        for i in 0..<count {
            let source = (Double(i) - centre - shift) * inverse + centre
            let floor = source.rounded(.down)
            let index = Int(floor)
            guard index >= 0, index + 1 < count else { continue }
            table[2 * i] = index
            table[2 * i + 1] = Int(((source - floor) * 256).rounded())
        }
        return table
    }

    /// An image of one colour.
    public static func filled(width: Int, height: Int, channels: Int, fill: [UInt8]) -> [UInt8] {
        if channels == 1 || fill.isEmpty { return [UInt8](repeating: fill.first ?? 0, count: width * height * channels) }
        var result = [UInt8](repeating: 0, count: width * height * channels)
        result.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var i = 0
            while i < channels {
                base[i] = fill[i % fill.count]
                i += 1
            }
            // Doubling copies: a handful of memcpys instead of a loop over every byte.
            var done = channels
            while done < buffer.count {
                let chunk = done < buffer.count - done ? done : buffer.count - done
                (base + done).update(from: base, count: chunk)
                done += chunk
            }
        }
        return result
    }

    /// Moves the image by whole pixels (cheap per-frame jitter); uncovered pixels take `fill`.
    public static func shift(_ pixels: [UInt8], width: Int, height: Int, channels: Int = 1, dx: Int, dy: Int, fill: [UInt8]) -> [UInt8] {
        var result = filled(width: width, height: height, channels: channels, fill: fill)
        let rowBytes = width * channels
        let copyWidth = width - abs(dx)
        guard copyWidth > 0, abs(dy) < height else { return result }
        pixels.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                guard let from = src.baseAddress, let to = dst.baseAddress else { return }
                let sourceX = max(0, -dx) * channels, targetX = max(0, dx) * channels
                var y = max(0, dy)
                let end = min(height, height + dy)
                while y < end {
                    (to + y * rowBytes + targetX).update(from: from + (y - dy) * rowBytes + sourceX, count: copyWidth * channels)
                    y += 1
                }
            }
        }
        return result
    }

    /// Adds pre-made sensor noise, starting at a per-frame offset into a noise table.
    public static func addNoise(_ pixels: inout [UInt8], table: [Int8], offset: Int) {
        guard !table.isEmpty else { return }
        let count = table.count
        pixels.withUnsafeMutableBufferPointer { buffer in
            table.withUnsafeBufferPointer { noiseBuffer in
                guard let base = buffer.baseAddress, let noise = noiseBuffer.baseAddress else { return }
                var n = ((offset % count) + count) % count
                var index = 0
                let total = buffer.count
                while index < total {
                    let value = Int(base[index]) + Int(noise[n])
                    base[index] = UInt8(truncatingIfNeeded: value < 0 ? 0 : (value > 255 ? 255 : value))
                    n += 1
                    if n == count { n = 0 }
                    index += 1
                }
            }
        }
    }

    /// A table of Gaussian noise for `addNoise`.
    public static func noiseTable(seed: UInt64, deviation: Double, count: Int = 65_521) -> [Int8] {
        var random = SimulationRandom(seed: seed, stream: 0x401)
        return (0..<count).map { _ in Int8(clamping: Int(random.gaussian(deviation: deviation).rounded())) }
    }
}
