import Foundation

/// Splits a foreground region holding several touching fingers into one region per finger.
///
/// Fingertips are rounded, so where two touch, the region's upper outline has a notch between them however
/// tightly they press together. For tilts from −40° to +40° the region's cells are projected on the axis across
/// the fingers; for each position across, the highest cell gives the top profile. Notches at least
/// `minimumNotch` deep with a finger's width on either side cut the region along the tilt; the tilt with the most
/// notches, then the deepest, wins. A single fingertip (one arc) or a finger with its lower phalanges is never cut.
enum FingerRegionSplitter {
    /// How deep a notch between two fingertips must be, inches (fingertips are 0.3–0.5 inch round at the top).
    static let minimumNotchInches = 0.2
    /// The narrowest fingertip on either side of a cut, inches (a little finger is about 0.5 inch wide).
    static let minimumWidthInches = 0.28
    static let tilts = stride(from: -40.0, through: 40.0, by: 5.0).map { $0 * Double.pi / 180 }

    /// The parts of `cells` (cell indices of one connected region on a grid `columns` wide), one per finger,
    /// and the tilt (radians, clockwise from vertical) along which it was cut; the region itself when it holds
    /// one finger. The outline is taken from the cells with ridges (`ridge`, indexed like the grid).
    @_optimize(speed)
    static func split(_ cells: [Int], ridge: [Bool], columns: Int, cellSize: Int, ppi: Double) -> (parts: [[Int]], tilt: Double?) {
        guard cells.count > 8, columns > 0 else { return ([cells], nil) }
        let cellsPerInch = ppi / Double(cellSize)
        let notch = minimumNotchInches * cellsPerInch
        let minimumWidth = minimumWidthInches * cellsPerInch
        var best: (depth: Double, tilt: Double, cuts: [Double])?
        var across = [Double](repeating: 0, count: cells.count)
        var along = across
        for tilt in tilts {
            let (c, s) = (cos(tilt), sin(tilt))
            var low = Double.infinity, high = -Double.infinity
            for (i, cell) in cells.enumerated() {
                let x = Double(cell % columns), y = Double(cell / columns)
                across[i] = x * c + y * s
                // Height along the finger's axis (up is positive).
                along[i] = x * s - y * c
                low = min(low, across[i])
                high = max(high, across[i])
            }
            let binCount = Int(high - low) + 1
            guard binCount >= 3 else { continue }
            var top = [Double](repeating: -Double.infinity, count: binCount)
            // The outline of the ridge cells themselves: closing fills the narrow crevice where two fingertips touch.
            for i in cells.indices where ridge[cells[i]] {
                let bin = min(binCount - 1, max(0, Int(across[i] - low)))
                top[bin] = max(top[bin], along[i])
            }
            // A rotated grid leaves empty bins between filled ones: take the neighbours' height.
            for bin in 0..<binCount where top[bin] == -Double.infinity {
                let left = bin > 0 ? top[bin - 1] : -Double.infinity
                let right = bin + 1 < binCount ? top[bin + 1] : -Double.infinity
                top[bin] = max(left, right)
            }
            var cuts: [(bin: Int, depth: Double)] = []
            findNotches(top, in: 0..<binCount, notch: notch, minimumWidth: minimumWidth, into: &cuts)
            guard !cuts.isEmpty else { continue }
            // The tilt that separates the most fingertips wins, then the one with the deepest notches: seen along a
            // wrong tilt a notch shallows or vanishes, it does not appear.
            let depth = cuts.reduce(0) { $0 + $1.depth }
            if let current = best, cuts.count < current.cuts.count || (cuts.count == current.cuts.count && depth <= current.depth + 0.5) {
                continue
            }
            best = (depth, tilt, cuts.map { low + Double($0.bin) + 0.5 }.sorted())
        }
        guard let best else { return ([cells], nil) }
        let (c, s) = (cos(best.tilt), sin(best.tilt))
        var parts = [[Int]](repeating: [], count: best.cuts.count + 1)
        for cell in cells {
            let position = Double(cell % columns) * c + Double(cell / columns) * s
            let part = best.cuts.firstIndex(where: { position < $0 }) ?? best.cuts.count
            parts[part].append(cell)
        }
        return (parts.filter { !$0.isEmpty }, best.tilt)
    }

    /// Finds the deepest notch of `top` within `range` that has `minimumWidth` bins on either side, then looks
    /// for more on each side of it.
    private static func findNotches(
        _ top: [Double], in range: Range<Int>, notch: Double, minimumWidth: Double, into cuts: inout [(bin: Int, depth: Double)]
    ) {
        let width = Int(minimumWidth.rounded(.up))
        guard range.count >= 2 * width + 1 else { return }
        var leftPeak = [Double](repeating: -Double.infinity, count: range.count)
        var rightPeak = leftPeak
        var running = -Double.infinity
        for offset in 0..<range.count {
            running = max(running, top[range.lowerBound + offset])
            leftPeak[offset] = running
        }
        running = -Double.infinity
        for offset in stride(from: range.count - 1, through: 0, by: -1) {
            running = max(running, top[range.lowerBound + offset])
            rightPeak[offset] = running
        }
        var best: (bin: Int, depth: Double)?
        for offset in width..<(range.count - width) {
            let depth = min(leftPeak[offset], rightPeak[offset]) - top[range.lowerBound + offset]
            if depth >= notch, depth > (best?.depth ?? -1) { best = (range.lowerBound + offset, depth) }
        }
        guard let best else { return }
        cuts.append(best)
        findNotches(top, in: range.lowerBound..<best.bin, notch: notch, minimumWidth: minimumWidth, into: &cuts)
        findNotches(top, in: (best.bin + 1)..<range.upperBound, notch: notch, minimumWidth: minimumWidth, into: &cuts)
    }
}
