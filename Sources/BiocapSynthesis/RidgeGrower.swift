import Foundation

/// Grows a ridge pattern from noise by repeated oriented Gabor filtering (as SFinGe does): each pass
/// smooths along the local ridge direction and band-passes across it at the local ridge period, then
/// saturates, so ridges line up with the orientation field and minutiae appear where the field forces them.
///
/// The Gabor kernel (isotropic Gaussian × cosine across the ridge) is separable in the rotated frame, so a
/// pass is two 1-D filters along precomputed integer offsets per orientation bin: ~22 taps per pixel.
/// Only each row's `span` (the finger pad and a small margin) is grown: nothing outside it is ever shown.
/// All loops run over raw pointers with `while`, which keeps debug builds within a few times of release.
public enum RidgeGrower {
    public static let orientationBins = 32
    public static let periods: [Double] = stride(from: 7.0, through: 12.0, by: 0.5).map { $0 }
    private static let alongRadius = 4
    private static let acrossRadius = 6
    private static let margin = 8

    /// Returns `width * height` values in [-1, 1] (1 = ridge centre; 0 outside the spans).
    /// `orientation` holds the ridge direction per pixel (radians) and `period` the ridge period in pixels;
    /// `spans` (one `start..<end` pair of columns per row, `nil` = whole rows) limits where ridges grow.
    public static func grow(
        width: Int, height: Int, orientation: [Float], period: [Float], seed: UInt64, iterations: Int = 6,
        spans: [Int]? = nil
    ) -> [Float] {
        let stride = width + 2 * margin
        let paddedHeight = height + 2 * margin
        let rowSpans = spans ?? (0..<height).flatMap { _ in [0, width] }
        var random = SimulationRandom(seed: seed, stream: 0x7167)
        var source = [Float](repeating: 0, count: stride * paddedHeight)
        var along = [Float](repeating: 0, count: source.count)
        var orientationBin = [UInt8](repeating: 0, count: width * height)
        var periodBin = [UInt8](repeating: 0, count: width * height)
        let binScale = Float(orientationBins) / Float.pi
        orientation.withUnsafeBufferPointer { orientationBuffer in
            period.withUnsafeBufferPointer { periodBuffer in
                orientationBin.withUnsafeMutableBufferPointer { orientBuffer in
                    periodBin.withUnsafeMutableBufferPointer { periodBinBuffer in
                        source.withUnsafeMutableBufferPointer { sourceBuffer in
                            guard let angles = orientationBuffer.baseAddress, let periods = periodBuffer.baseAddress,
                                  let orient = orientBuffer.baseAddress, let perBin = periodBinBuffer.baseAddress,
                                  let values = sourceBuffer.baseAddress else { return }
                            let lastPeriod = Float(Self.periods.count - 1)
                            var y = 0
                            while y < height {
                                var x = rowSpans[2 * y]
                                let end = rowSpans[2 * y + 1]
                                let row = (y + margin) * stride + margin
                                while x < end {
                                    let index = y * width + x
                                    values[row + x] = Float(Double(random.next() >> 11) * 0x1.0p-52 - 1)
                                    // Bin of the direction mod π: whole half-turns are added so that truncating
                                    // rounds (the value is positive).
                                    let bin = Int(angles[index] * binScale + Float(orientationBins * 64) + 0.5) % orientationBins
                                    orient[index] = UInt8(truncatingIfNeeded: bin)
                                    let p = (periods[index] - 7) * 2 + 0.5
                                    perBin[index] = UInt8(truncatingIfNeeded: p < 0 ? 0 : (p >= lastPeriod ? Int(lastPeriod) : Int(p)))
                                    x += 1
                                }
                                y += 1
                            }
                        }
                    }
                }
            }
        }
        let tables = KernelTables(stride: stride)
        for _ in 0..<max(1, iterations) {
            filter(source, into: &along, width: width, height: height, stride: stride, spans: rowSpans,
                   offsets: tables.alongOffsets, weights: tables.alongWeights,
                   taps: 2 * alongRadius + 1, orientationBin: orientationBin, periodBin: periodBin)
            filter(along, into: &source, width: width, height: height, stride: stride, spans: rowSpans,
                   offsets: tables.acrossOffsets, weights: tables.acrossWeights,
                   taps: 2 * acrossRadius + 1, orientationBin: orientationBin, periodBin: periodBin)
            saturate(&source, width: width, height: height, stride: stride, spans: rowSpans)
        }
        var result = [Float](repeating: 0, count: width * height)
        source.withUnsafeBufferPointer { sourceBuffer in
            result.withUnsafeMutableBufferPointer { resultBuffer in
                guard let values = sourceBuffer.baseAddress, let out = resultBuffer.baseAddress else { return }
                var y = 0
                while y < height {
                    (out + y * width).update(from: values + ((y + margin) * stride + margin), count: width)
                    y += 1
                }
            }
        }
        return result
    }

    private struct KernelTables {
        /// Per orientation bin, the taps' offsets in the padded image, flattened.
        var alongOffsets: [Int] = []
        var acrossOffsets: [Int] = []
        /// Along-ridge and across-ridge weights per period bin, flattened (along-ridge weights are the
        /// same for every period, repeated so both passes index them alike).
        var alongWeights: [Float] = []
        var acrossWeights: [Float] = []

        init(stride: Int) {
            for bin in 0..<RidgeGrower.orientationBins {
                let angle = Double(bin) / Double(RidgeGrower.orientationBins) * .pi
                let (c, s) = (cos(angle), sin(angle))
                alongOffsets += (-RidgeGrower.alongRadius...RidgeGrower.alongRadius).map { k in
                    Int((Double(k) * s).rounded()) * stride + Int((Double(k) * c).rounded())
                }
                acrossOffsets += (-RidgeGrower.acrossRadius...RidgeGrower.acrossRadius).map { k in
                    Int((Double(k) * c).rounded()) * stride - Int((Double(k) * s).rounded())
                }
            }
            let along = (-RidgeGrower.alongRadius...RidgeGrower.alongRadius).map { k in exp(-Double(k * k) / (2 * 2.8 * 2.8)) }
            let sum = along.reduce(0, +)
            alongWeights = RidgeGrower.periods.flatMap { _ in along.map { Float($0 / sum) } }
            for period in RidgeGrower.periods {
                let sigma = period * 0.42
                let envelope = (-RidgeGrower.acrossRadius...RidgeGrower.acrossRadius).map { k in
                    exp(-Double(k * k) / (2 * sigma * sigma))
                }
                let raw = (-RidgeGrower.acrossRadius...RidgeGrower.acrossRadius).enumerated().map { i, k in
                    envelope[i] * cos(2 * .pi * Double(k) / period)
                }
                // Zero mean so flat areas fade instead of drifting to ridge or valley.
                let mean = raw.reduce(0, +) / envelope.reduce(0, +)
                acrossWeights += zip(raw, envelope).map { Float($0 - mean * $1) }
            }
        }
    }

    /// One 1-D pass: each pixel of the spans becomes the weighted sum of `taps` pixels along its bin's
    /// offsets, with the weights of its period bin.
    private static func filter(
        _ source: [Float], into destination: inout [Float], width: Int, height: Int, stride: Int, spans: [Int],
        offsets: [Int], weights: [Float], taps: Int, orientationBin: [UInt8], periodBin: [UInt8]
    ) {
        source.withUnsafeBufferPointer { srcBuffer in
            destination.withUnsafeMutableBufferPointer { dstBuffer in
                offsets.withUnsafeBufferPointer { offsBuffer in
                    weights.withUnsafeBufferPointer { wtsBuffer in
                        orientationBin.withUnsafeBufferPointer { orientBuffer in
                            periodBin.withUnsafeBufferPointer { periodBuffer in
                                guard let src = srcBuffer.baseAddress, let dst = dstBuffer.baseAddress,
                                      let offs = offsBuffer.baseAddress, let wts = wtsBuffer.baseAddress,
                                      let orient = orientBuffer.baseAddress, let per = periodBuffer.baseAddress else { return }
                                var y = 0
                                while y < height {
                                    let row = (y + margin) * stride + margin
                                    var x = spans[2 * y]
                                    let end = spans[2 * y + 1]
                                    while x < end {
                                        let centre = src + (row + x)
                                        let o = offs + Int(orient[y * width + x]) * taps
                                        let w = wts + Int(per[y * width + x]) * taps
                                        var sum: Float = 0
                                        var k = 0
                                        while k < taps {
                                            sum += centre[o[k]] * w[k]
                                            k += 1
                                        }
                                        dst[row + x] = sum
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
    }

    /// Rescales to unit RMS and clips softly, which sharpens ridges into a near-binary pattern.
    private static func saturate(_ values: inout [Float], width: Int, height: Int, stride: Int, spans: [Int]) {
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var energy: Float = 0
            var count = 0
            var y = 0
            while y < height {
                let row = base + ((y + margin) * stride + margin)
                var x = spans[2 * y]
                let end = spans[2 * y + 1]
                count += end > x ? end - x : 0
                while x < end {
                    energy += row[x] * row[x]
                    x += 1
                }
                y += 1
            }
            let rms = (energy / Float(count > 0 ? count : 1)).squareRoot()
            let gain = 1.6 / (rms > 1e-6 ? rms : 1e-6)
            y = 0
            while y < height {
                let row = base + ((y + margin) * stride + margin)
                var x = spans[2 * y]
                let end = spans[2 * y + 1]
                while x < end {
                    let value = row[x] * gain
                    row[x] = value < -1 ? -1 : (value > 1 ? 1 : value)
                    x += 1
                }
                y += 1
            }
        }
    }
}
