/// The 2-D wavelet transform over WSQ's decomposition tree, in place on a row-major `Float` image.
///
/// Each step filters the rows of its region and then the columns (the inverse undoes the columns, then the rows).
/// Signals are extended by whole-sample symmetric reflection at both ends, so the low-pass output `k` is centred on
/// sample `2k` and the high-pass output `k` on sample `2k + 1`; a length `n` gives `(n + 1) / 2` low and `n / 2` high
/// outputs. Reconstruction interleaves the two halves back onto their sample positions, where the same reflection
/// extends them, and applies one polyphase filter per output parity: that makes it the exact inverse of the
/// analysis for every length. (NBIS `wsq/util.c` walks pointers along the signal instead; that agrees with this
/// wherever every region is at least 6 samples long, see `docs/wsq.md`.)
struct WSQTransform {
    let filters: WSQFilterBank
    private let lowpass: Filter
    private let highpass: Filter
    /// Synthesis filters merged per output parity: `even[j]` weighs the sample `j` places away from an even output.
    private let evenOutput: Filter
    private let oddOutput: Filter
    private let padding: Int

    /// A symmetric odd-length filter: its middle tap and the taps to its right.
    private struct Filter {
        let half: [Float]
        var radius: Int { half.count - 1 }
    }

    init(filters: WSQFilterBank) {
        self.filters = filters
        lowpass = Filter(half: WSQFilterBank.rightHalf(filters.analysisLowpass))
        highpass = Filter(half: WSQFilterBank.rightHalf(filters.analysisHighpass))
        let synthesisLow = WSQFilterBank.rightHalf(filters.synthesisLowpass)
        let synthesisHigh = WSQFilterBank.rightHalf(filters.synthesisHighpass)
        let radius = max(synthesisLow.count, synthesisHigh.count) - 1
        func tap(_ half: [Float], _ offset: Int) -> Float { offset < half.count ? half[offset] : 0 }
        // An even output takes low-pass samples at even distances and high-pass samples at odd ones; an odd output
        // the other way round.
        evenOutput = Filter(half: (0...radius).map { $0 % 2 == 0 ? tap(synthesisLow, $0) : tap(synthesisHigh, $0) })
        oddOutput = Filter(half: (0...radius).map { $0 % 2 == 0 ? tap(synthesisHigh, $0) : tap(synthesisLow, $0) })
        padding = max(lowpass.radius, highpass.radius + 1, radius) + 1
    }

    /// Whole-sample symmetric reflection of position `p` into `0..<length` (length at least 2).
    @inline(__always)
    private static func reflect(_ p: Int, _ length: Int) -> Int {
        let period = 2 * (length - 1)
        var m = p % period
        if m < 0 { m += period }
        return m < length ? m : period - m
    }

    // MARK: Whole tree

    /// Decomposes `image` (width × height samples, row-major) into WSQ's subbands.
    func decompose(_ image: inout [Float], width: Int, tree: WSQTree) {
        let largest = tree.steps.map(\.region.area).max() ?? 0
        var scratch = [Float](repeating: 0, count: max(largest, 1))
        var line = [Float](repeating: 0, count: max(width, tree.steps.map(\.region.height).max() ?? 0) + 2 * padding)
        image.withUnsafeMutableBufferPointer { pixels in
            scratch.withUnsafeMutableBufferPointer { scratch in
                line.withUnsafeMutableBufferPointer { line in
                    for step in tree.steps where step.region.width > 0 && step.region.height > 0 {
                        analyzeRows(pixels, stride: width, step: step, line: line)
                        analyzeColumns(pixels, stride: width, step: step, scratch: scratch)
                    }
                }
            }
        }
    }

    /// Rebuilds the image from its subbands, undoing `decompose`.
    func reconstruct(_ image: inout [Float], width: Int, tree: WSQTree) {
        let largest = tree.steps.map(\.region.area).max() ?? 0
        var scratch = [Float](repeating: 0, count: max(largest, 1))
        var line = [Float](repeating: 0, count: max(width, tree.steps.map(\.region.height).max() ?? 0) + 2 * padding)
        image.withUnsafeMutableBufferPointer { pixels in
            scratch.withUnsafeMutableBufferPointer { scratch in
                line.withUnsafeMutableBufferPointer { line in
                    for step in tree.steps.reversed() where step.region.width > 0 && step.region.height > 0 {
                        synthesizeColumns(pixels, stride: width, step: step, scratch: scratch)
                        synthesizeRows(pixels, stride: width, step: step, line: line)
                    }
                }
            }
        }
    }

    /// Fills the `padding` places before and after a signal of `length` samples with their reflections.
    @inline(__always)
    private func extendEdges(_ signal: UnsafeMutablePointer<Float>, length: Int) {
        for offset in 1...padding {
            signal[-offset] = signal[Self.reflect(-offset, length)]
            signal[length - 1 + offset] = signal[Self.reflect(length - 1 + offset, length)]
        }
    }

    // MARK: Analysis

    private func analyzeRows(_ pixels: UnsafeMutableBufferPointer<Float>, stride: Int, step: WSQTree.Step,
                             line: UnsafeMutableBufferPointer<Float>) {
        let region = step.region, length = region.width
        let lowCount = (length + 1) / 2, highCount = length / 2
        let lowStart = step.invertsRows ? highCount : 0, highStart = step.invertsRows ? 0 : lowCount
        guard let base = pixels.baseAddress, let extended = line.baseAddress.map({ $0 + padding }) else { return }
        for row in 0..<region.height {
            let samples = base + (region.y + row) * stride + region.x
            if length == 1 {
                samples[0] *= lowpass.half[0] + 2 * lowpass.half.dropFirst().reduce(0, +)
                continue
            }
            extended.update(from: samples, count: length)
            extendEdges(extended, length: length)
            filterDownsampled(extended, lowpass, first: 0, count: lowCount, into: samples + lowStart)
            filterDownsampled(extended, highpass, first: 1, count: highCount, into: samples + highStart)
        }
    }

    /// `output[k] = Σ taps · input[first + 2k ± t]` for a symmetric filter over an already extended signal.
    @inline(__always)
    private func filterDownsampled(_ input: UnsafeMutablePointer<Float>, _ filter: Filter, first: Int, count: Int,
                                   into output: UnsafeMutablePointer<Float>) {
        filter.half.withUnsafeBufferPointer { taps in
            for k in 0..<count {
                let centre = input + first + 2 * k
                var sum = taps[0] * centre[0]
                for t in 1..<taps.count { sum += taps[t] * (centre[t] + centre[-t]) }
                output[k] = sum
            }
        }
    }

    private func analyzeColumns(_ pixels: UnsafeMutableBufferPointer<Float>, stride: Int, step: WSQTree.Step,
                                scratch: UnsafeMutableBufferPointer<Float>) {
        let region = step.region, length = region.height, width = region.width
        let lowCount = (length + 1) / 2, highCount = length / 2
        let lowStart = step.invertsColumns ? highCount : 0, highStart = step.invertsColumns ? 0 : lowCount
        guard let base = pixels.baseAddress, let copy = scratch.baseAddress else { return }
        let origin = base + region.y * stride + region.x
        if length == 1 {
            let gain = lowpass.half[0] + 2 * lowpass.half.dropFirst().reduce(0, +)
            for x in 0..<width { origin[x] *= gain }
            return
        }
        for row in 0..<length { copy.advanced(by: row * width).update(from: origin + row * stride, count: width) }
        func sourceRow(_ position: Int) -> UnsafeMutablePointer<Float> { copy + Self.reflect(position, length) * width }
        for (filter, first, count, start) in [(lowpass, 0, lowCount, lowStart), (highpass, 1, highCount, highStart)] {
            filter.half.withUnsafeBufferPointer { taps in
                for k in 0..<count {
                    let target = origin + (start + k) * stride
                    let centre = first + 2 * k
                    let middle = sourceRow(centre), middleTap = taps[0]
                    for x in 0..<width { target[x] = middleTap * middle[x] }
                    for t in 1..<taps.count {
                        let above = sourceRow(centre - t), below = sourceRow(centre + t), tap = taps[t]
                        for x in 0..<width { target[x] += tap * (above[x] + below[x]) }
                    }
                }
            }
        }
    }

    // MARK: Synthesis

    private func synthesizeRows(_ pixels: UnsafeMutableBufferPointer<Float>, stride: Int, step: WSQTree.Step,
                                line: UnsafeMutableBufferPointer<Float>) {
        let region = step.region, length = region.width
        let lowCount = (length + 1) / 2, highCount = length / 2
        let lowStart = step.invertsRows ? highCount : 0, highStart = step.invertsRows ? 0 : lowCount
        guard let base = pixels.baseAddress, let extended = line.baseAddress.map({ $0 + padding }) else { return }
        let singleGain = evenOutput.half.enumerated().reduce(Float(0)) { sum, entry in
            entry.offset % 2 == 0 ? sum + (entry.offset == 0 ? 1 : 2) * entry.element : sum
        }
        for row in 0..<region.height {
            let samples = base + (region.y + row) * stride + region.x
            if length == 1 {
                samples[0] *= singleGain
                continue
            }
            // Interleave: low-pass output k belongs at sample 2k, high-pass output k at 2k + 1.
            for k in 0..<lowCount { extended[2 * k] = samples[lowStart + k] }
            for k in 0..<highCount { extended[2 * k + 1] = samples[highStart + k] }
            extendEdges(extended, length: length)
            interpolate(extended, count: length, into: samples)
        }
    }

    /// `output[n] = Σ parity-filter taps · interleaved[n ± j]`.
    @inline(__always)
    private func interpolate(_ input: UnsafeMutablePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) {
        evenOutput.half.withUnsafeBufferPointer { even in
            oddOutput.half.withUnsafeBufferPointer { odd in
                for n in 0..<count {
                    let taps = n % 2 == 0 ? even : odd
                    let centre = input + n
                    var sum = taps[0] * centre[0]
                    for j in 1..<taps.count { sum += taps[j] * (centre[j] + centre[-j]) }
                    output[n] = sum
                }
            }
        }
    }

    private func synthesizeColumns(_ pixels: UnsafeMutableBufferPointer<Float>, stride: Int, step: WSQTree.Step,
                                   scratch: UnsafeMutableBufferPointer<Float>) {
        let region = step.region, length = region.height, width = region.width
        let lowCount = (length + 1) / 2, highCount = length / 2
        let lowStart = step.invertsColumns ? highCount : 0, highStart = step.invertsColumns ? 0 : lowCount
        guard let base = pixels.baseAddress, let copy = scratch.baseAddress else { return }
        let origin = base + region.y * stride + region.x
        if length == 1 {
            let gain = evenOutput.half.enumerated().reduce(Float(0)) { sum, entry in
                entry.offset % 2 == 0 ? sum + (entry.offset == 0 ? 1 : 2) * entry.element : sum
            }
            for x in 0..<width { origin[x] *= gain }
            return
        }
        for row in 0..<length { copy.advanced(by: row * width).update(from: origin + row * stride, count: width) }
        func sourceRow(_ position: Int) -> UnsafeMutablePointer<Float> {
            let sample = Self.reflect(position, length)
            return copy + (sample % 2 == 0 ? lowStart + sample / 2 : highStart + sample / 2) * width
        }
        for n in 0..<length {
            let filter = n % 2 == 0 ? evenOutput : oddOutput
            filter.half.withUnsafeBufferPointer { taps in
                let target = origin + n * stride
                let middle = sourceRow(n), middleTap = taps[0]
                for x in 0..<width { target[x] = middleTap * middle[x] }
                for j in 1..<taps.count {
                    let above = sourceRow(n - j), below = sourceRow(n + j), tap = taps[j]
                    for x in 0..<width { target[x] += tap * (above[x] + below[x]) }
                }
            }
        }
    }
}
