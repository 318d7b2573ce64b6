import Foundation

/// WSQ's scalar quantiser: bin widths chosen from the subbands' variances for a target bit rate, uniform bins with
/// a wider zero bin, and the decoder's reconstruction at 0.44 of a bin from its inner edge (specification, the
/// quantisation and bit-allocation sections; checked against NBIS `wsq/util.c`: `variance`, `quantize`,
/// `unquantize`).
enum WSQQuantizer {
    /// Subbands with a variance below this are not coded.
    static let varianceThreshold = 1.01
    /// Zero-bin width over bin width.
    static let zeroBinRatio: Float = 1.2

    // MARK: Bit allocation

    /// Each coded subband's variance, measured (when the lowest four are busy enough) on its central part, where
    /// the fingerprint is rather than the margins.
    static func variances(of coefficients: [Float], width: Int, tree: WSQTree) -> [Double] {
        coefficients.withUnsafeBufferPointer { data in
            func variance(_ index: Int, central: Bool) -> Double {
                let region = tree.subbands[index]
                if central {
                    let cropped = WSQTree.Region(x: region.x + region.width / 8, y: region.y + 9 * region.height / 32,
                                                 width: 3 * region.width / 4, height: 7 * region.height / 16)
                    if cropped.area >= 2 { return sampleVariance(data, width: width, cropped) }
                }
                return sampleVariance(data, width: width, region)
            }
            var result = (0..<4).map { variance($0, central: true) }
            let centralForAll = result.reduce(0, +) >= 20000
            if !centralForAll { result = (0..<4).map { variance($0, central: false) } }
            for index in 4..<WSQTree.codedSubbands.upperBound { result.append(variance(index, central: centralForAll)) }
            return result
        }
    }

    /// The unbiased variance of a region (the mean square for a single sample, 0 for none).
    private static func sampleVariance(_ data: UnsafeBufferPointer<Float>, width: Int, _ region: WSQTree.Region) -> Double {
        let count = region.area
        guard count > 0 else { return 0 }
        var sum = 0.0, squares = 0.0
        for y in region.y..<(region.y + region.height) {
            let row = (y * width + region.x)..<(y * width + region.x + region.width)
            var rowSum: Float = 0, rowSquares: Float = 0
            for index in row {
                let value = data[index]
                rowSum += value
                rowSquares += value * value
            }
            sum += Double(rowSum)
            squares += Double(rowSquares)
        }
        if count == 1 { return squares }
        return (squares - sum * sum / Double(count)) / Double(count - 1)
    }

    /// Bin widths for the 60 coded subbands at `bitRate` bits per pixel (0 for a subband left out): relative widths
    /// from the variances and the specification's weights, scaled by the one constant that spends the rate,
    /// dropping from the rate computation subbands whose bins would be five standard deviations wide or more.
    static func binWidths(variances: [Double], bitRate: Double) -> [Double] {
        let count = WSQTree.codedSubbands.upperBound
        var weights = [Double](repeating: 1, count: count)
        for (index, weight) in zip(52..<60, [1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08]) { weights[index] = weight }
        // Each subband's share of the image: 1/1024 for the four lowest, 1/256 up to 50, 1/16 for 51–59.
        let share = (0..<count).map { $0 < 4 ? 1.0 / 1024 : $0 < 51 ? 1.0 / 256 : 1.0 / 16 }
        let active = (0..<count).filter { variances[$0] >= varianceThreshold }
        guard !active.isEmpty else { return [Double](repeating: 0, count: count) }
        var relative = [Double](repeating: 0, count: count)
        var sigma = [Double](repeating: 0, count: count)
        for index in active {
            relative[index] = index < 4 ? 1 : 10 / (weights[index] * log(variances[index]))
            sigma[index] = variances[index].squareRoot()
        }
        var kept = active
        var scale = 1.0
        while true {
            let shares = kept.reduce(0) { $0 + share[$1] }
            let logProduct = kept.reduce(0.0) { $0 + share[$1] * log(sigma[$1] / relative[$1]) }
            scale = pow(2, bitRate / shares - 1) / 2.5 / exp(logProduct / shares)
            let remaining = kept.filter { relative[$0] / scale < 5 * sigma[$0] }
            if remaining.count == kept.count || remaining.isEmpty { break }
            kept = remaining
        }
        var widths = [Double](repeating: 0, count: count)
        for index in active { widths[index] = relative[index] / scale }
        return widths
    }

    // MARK: Quantisation

    /// The quantised coefficients of the coded subbands, subband after subband (0 to 59), row by row.
    static func quantize(_ coefficients: [Float], width: Int, tree: WSQTree, table: WSQQuantizationTable) -> [Int16] {
        var output = [Int16](repeating: 0, count: table.codedCounts(tree: tree).total)
        let limit: Float = 32767
        coefficients.withUnsafeBufferPointer { data in
            output.withUnsafeMutableBufferPointer { output in
                var next = 0
                for index in WSQTree.codedSubbands where table.isCoded(index) {
                    let region = tree.subbands[index]
                    let binWidth = table.binWidths[index], halfZero = table.zeroBinWidths[index] / 2
                    for y in region.y..<(region.y + region.height) {
                        let start = y * width + region.x
                        for position in start..<(start + region.width) {
                            let value = data[position]
                            if value > halfZero {
                                output[next] = Int16(min(((value - halfZero) / binWidth + 1).rounded(.towardZero), limit))
                            } else if value < -halfZero {
                                output[next] = Int16(max(((value + halfZero) / binWidth - 1).rounded(.towardZero), -limit))
                            }
                            next += 1
                        }
                    }
                }
            }
        }
        return output
    }

    /// Puts dequantised coefficients back into a zeroed image of subbands (`quantized` as `quantize` orders them).
    static func dequantize(_ quantized: [Int16], into image: inout [Float], width: Int, tree: WSQTree, table: WSQQuantizationTable) {
        let center = table.binCenter
        quantized.withUnsafeBufferPointer { source in
            image.withUnsafeMutableBufferPointer { target in
                var next = 0
                for index in WSQTree.codedSubbands where table.isCoded(index) {
                    let region = tree.subbands[index]
                    let binWidth = table.binWidths[index], halfZero = table.zeroBinWidths[index] / 2
                    for y in region.y..<(region.y + region.height) {
                        let start = y * width + region.x
                        for position in start..<(start + region.width) {
                            let bin = source[next]
                            next += 1
                            if bin > 0 {
                                target[position] = binWidth * (Float(bin) - center) + halfZero
                            } else if bin < 0 {
                                target[position] = binWidth * (Float(bin) + center) - halfZero
                            } else {
                                target[position] = 0
                            }
                        }
                    }
                }
            }
        }
    }
}
