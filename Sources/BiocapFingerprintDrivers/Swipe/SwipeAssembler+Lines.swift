import BiocapDeviceKit

extension SwipeAssembler {
    /// Assembles single lines into an image, rescaled for the swiping speed (libfprint's
    /// `fpi_assemble_lines`): for every second line the best-matching line up to `maxSearchOffset`
    /// ahead gives the local speed, the speeds are median-filtered, and output lines are interpolated
    /// between neighbouring input lines in 16.16 fixed point.
    ///
    /// Only the first `count` of `lines` are used. `deviation` is the driver's line difference (higher
    /// is more different), `pixel` reads pixel x of a line. The result is flagged upside down.
    public static func assembleLines<Line>(
        _ lines: [Line], count: Int, geometry: SwipeLineGeometry,
        deviation: (Line, Line) -> Int, pixel: (Line, Int) -> UInt8
    ) throws(FingerprintDriverError) -> SwipeImage {
        guard count >= 2, lines.count >= count else {
            throw .protocolViolation("swipe too short: \(min(count, lines.count)) lines, at least 2 needed")
        }
        guard geometry.lineWidth > 0, geometry.maxHeight > 0 else {
            throw .protocolViolation("swipe line geometry \(geometry.lineWidth) × \(geometry.maxHeight) is empty")
        }
        var offsets = [Int](repeating: 0, count: count / 2)
        var index = 0
        while index < count - 1 {
            var bestMatch = index, bestDifference = 0
            let firstRow = index + 1
            let lastRow = min(index + geometry.maxSearchOffset, count - 1)
            if firstRow <= lastRow {
                for candidate in firstRow...lastRow {
                    let difference = deviation(lines[index], lines[candidate])
                    if candidate == firstRow || difference < bestDifference {
                        bestDifference = difference
                        bestMatch = candidate
                    }
                }
            }
            offsets[index / 2] = bestMatch - index
            index += 2
        }
        medianFilter(&offsets, size: count / 2 - 1, filterSize: geometry.medianFilterSize)

        let width = geometry.lineWidth
        var output = [UInt8](repeating: 0, count: width * geometry.maxHeight)
        var y: Int32 = 0
        var lineIndex: Int32 = 0
        let scaled = UInt32(truncatingIfNeeded: geometry.resolution) << 16
        assembly: for row in 0..<(count - 1) {
            let offset = offsets[row / 2]
            guard offset > 0 else { continue }
            let next = y &+ Int32(truncatingIfNeeded: scaled / UInt32(truncatingIfNeeded: offset))
            while lineIndex << 16 < next {
                if Int(lineIndex) > geometry.maxHeight - 1 { break assembly }
                let span = next &- y
                if span != 0 {
                    let base = Int(lineIndex) * width
                    let position = lineIndex << 16
                    for x in 0..<width {
                        let p1 = Int32(pixel(lines[row], x)), p2 = Int32(pixel(lines[row + 1], x))
                        let unscaled = (position &- y) &* p2 &+ (next &- position) &* p1
                        output[base + x] = UInt8(truncatingIfNeeded: unscaled / span)
                    }
                }
                lineIndex += 1
            }
            y = next
        }
        let height = Int(lineIndex)
        return SwipeImage(width: width, height: height, pixels: Array(output[0..<(width * height)]),
                          flags: [.verticallyFlipped])
    }

    /// In-place median over a window of `filterSize` around each of the first `size` values, the
    /// window clipped at the ends and its upper median taken (libfprint's `median_filter`).
    static func medianFilter(_ data: inout [Int], size: Int, filterSize: Int) {
        guard size > 0, size <= data.count else { return }
        let reach = (filterSize - 1) / 2
        var result = [Int](repeating: 0, count: size)
        for index in 0..<size {
            let low = max(0, index - reach)
            let high = min(size - 1, index + reach)
            guard low <= high else { continue }
            let window = data[low...high].sorted()
            result[index] = window[window.count / 2]
        }
        data.replaceSubrange(0..<size, with: result)
    }
}
