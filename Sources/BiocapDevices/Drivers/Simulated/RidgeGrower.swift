import Foundation

/// Grows a ridge pattern from noise by repeated oriented Gabor filtering (as SFinGe does): each pass
/// smooths along the local ridge direction and band-passes across it at the local ridge period, then
/// saturates, so ridges line up with the orientation field and minutiae appear where the field forces them.
///
/// The Gabor kernel (isotropic Gaussian × cosine across the ridge) is separable in the rotated frame, so a
/// pass is two 1-D filters along precomputed integer offsets per orientation bin: ~22 taps per pixel.
enum RidgeGrower {
    static let orientationBins = 32
    static let periods: [Double] = stride(from: 7.0, through: 12.0, by: 0.5).map { $0 }
    private static let alongRadius = 4
    private static let acrossRadius = 6
    private static let margin = 8

    /// Returns `width * height` values in [-1, 1] (1 = ridge centre).
    /// `orientation` holds the ridge direction per pixel (radians) and `period` the ridge period in pixels.
    static func grow(
        width: Int, height: Int, orientation: [Float], period: [Float], seed: UInt64, iterations: Int = 6
    ) -> [Float] {
        let stride = width + 2 * margin
        let paddedHeight = height + 2 * margin
        var random = SimulationRandom(seed: seed, stream: 0x7167)
        var source = [Float](repeating: 0, count: stride * paddedHeight)
        for y in 0..<height {
            for x in 0..<width { source[(y + margin) * stride + x + margin] = Float(random.uniform(-1...1)) }
        }
        var along = [Float](repeating: 0, count: source.count)
        var orientationBin = [UInt8](repeating: 0, count: width * height)
        var periodBin = [UInt8](repeating: 0, count: width * height)
        for index in 0..<(width * height) {
            var angle = Double(orientation[index]).truncatingRemainder(dividingBy: .pi)
            if angle < 0 { angle += .pi }
            orientationBin[index] = UInt8(Int((angle / .pi * Double(orientationBins)).rounded()) % orientationBins)
            let p = (Double(period[index]) - periods[0]) / 0.5
            periodBin[index] = UInt8(min(max(Int(p.rounded()), 0), periods.count - 1))
        }
        let tables = KernelTables(stride: stride)
        for _ in 0..<max(1, iterations) {
            filter(source, into: &along, width: width, height: height, stride: stride,
                   offsets: tables.alongOffsets, weights: { _ in tables.alongWeights },
                   taps: 2 * alongRadius + 1, orientationBin: orientationBin, periodBin: periodBin)
            filter(along, into: &source, width: width, height: height, stride: stride,
                   offsets: tables.acrossOffsets, weights: { tables.acrossWeights[$0] },
                   taps: 2 * acrossRadius + 1, orientationBin: orientationBin, periodBin: periodBin)
            saturate(&source, width: width, height: height, stride: stride)
        }
        var result = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { result[y * width + x] = source[(y + margin) * stride + x + margin] }
        }
        return result
    }

    private struct KernelTables {
        var alongOffsets: [[Int]] = []
        var acrossOffsets: [[Int]] = []
        var alongWeights: [Float] = []
        var acrossWeights: [[Float]] = []

        init(stride: Int) {
            for bin in 0..<RidgeGrower.orientationBins {
                let angle = Double(bin) / Double(RidgeGrower.orientationBins) * .pi
                let (c, s) = (cos(angle), sin(angle))
                alongOffsets.append((-RidgeGrower.alongRadius...RidgeGrower.alongRadius).map { k in
                    Int((Double(k) * s).rounded()) * stride + Int((Double(k) * c).rounded())
                })
                acrossOffsets.append((-RidgeGrower.acrossRadius...RidgeGrower.acrossRadius).map { k in
                    Int((Double(k) * c).rounded()) * stride - Int((Double(k) * s).rounded())
                })
            }
            let along = (-RidgeGrower.alongRadius...RidgeGrower.alongRadius).map { k in exp(-Double(k * k) / (2 * 2.8 * 2.8)) }
            let sum = along.reduce(0, +)
            alongWeights = along.map { Float($0 / sum) }
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
                acrossWeights.append(zip(raw, envelope).map { Float($0 - mean * $1) })
            }
        }
    }

    private static func filter(
        _ source: [Float], into destination: inout [Float], width: Int, height: Int, stride: Int,
        offsets: [[Int]], weights: (Int) -> [Float], taps: Int, orientationBin: [UInt8], periodBin: [UInt8]
    ) {
        let flatOffsets = offsets.flatMap { $0 }
        let weightTable = periods.indices.flatMap { weights($0) }
        source.withUnsafeBufferPointer { srcBuffer in
            destination.withUnsafeMutableBufferPointer { dstBuffer in
                flatOffsets.withUnsafeBufferPointer { offsBuffer in
                    weightTable.withUnsafeBufferPointer { wtsBuffer in
                        orientationBin.withUnsafeBufferPointer { orientBuffer in
                            periodBin.withUnsafeBufferPointer { periodBuffer in
                                // Raw pointers: this loop dominates synthesis time, also in debug builds.
                                guard let src = srcBuffer.baseAddress, let dst = dstBuffer.baseAddress,
                                      let offs = offsBuffer.baseAddress, let wts = wtsBuffer.baseAddress,
                                      let orient = orientBuffer.baseAddress, let per = periodBuffer.baseAddress else { return }
                                for y in 0..<height {
                                    let row = (y + margin) * stride + margin
                                    for x in 0..<width {
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
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Rescales to unit RMS and clips softly, which sharpens ridges into a near-binary pattern.
    private static func saturate(_ values: inout [Float], width: Int, height: Int, stride: Int) {
        var energy: Float = 0
        for y in 0..<height {
            let row = (y + margin) * stride + margin
            for x in 0..<width { energy += values[row + x] * values[row + x] }
        }
        let rms = max((energy / Float(width * height)).squareRoot(), 1e-6)
        let gain = 1.6 / rms
        for y in 0..<height {
            let row = (y + margin) * stride + margin
            for x in 0..<width { values[row + x] = min(max(values[row + x] * gain, -1), 1) }
        }
    }
}
