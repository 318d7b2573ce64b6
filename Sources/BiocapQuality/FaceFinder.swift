/// Finds a face on a coarse grid of cells (about 90 cells per frame height, so the work does not
/// grow with camera resolution). Until a real detector arrives, the face is the largest roughly
/// elliptical region of skin chromaticity (normalised r, g, which ignore brightness so an
/// under-exposed face is still found) with a band darker than the cheeks where the eyes are.
/// Buffers are kept between frames.
struct FaceFinder {
    /// Skin chromaticity in normalised rgb (r = R/(R+G+B), g = G/(R+G+B)), after Soriano et al.:
    /// it holds for light and dark skin alike, because skin differs mostly in brightness.
    static let skinRed = 0.36...0.50
    static let skinGreen = 0.26...0.37
    /// Cells per frame height: 8-pixel cells on a 720-line camera; a face 10 % of the frame high
    /// still spans nine cells.
    static let cellsPerHeight = 90

    /// A face on the cell grid.
    struct Region {
        /// Cell size in pixels and the bounding box in cells (inclusive).
        var cell: Int
        var minColumn: Int, maxColumn: Int, minRow: Int, maxRow: Int
        /// Mean luma of the face's skin cells.
        var exposure: Double
        /// The face reaches the left or right edge of the frame: part of it is out of view.
        var cutOff: Bool
        /// Mean horizontal offset of the facial features (eyes, brows, nostrils, mouth: non-skin
        /// cells inside the face's outline) from the outline's midline, in half-widths; about the
        /// sine of the head's yaw. `nil` when cut off or too few features are visible.
        var featureOffset: Double?

        /// Bounding box in pixels, clipped to the frame.
        func pixelBox(width: Int, height: Int) -> (x0: Int, y0: Int, x1: Int, y1: Int) {
            (minColumn * cell, minRow * cell, min(width, (maxColumn + 1) * cell), min(height, (maxRow + 1) * cell))
        }
    }

    /// Why the last `find` found no face (for diagnostics and tests).
    enum Rejection: Equatable { case tooSmall, notFaceShaped, noEyeBand }
    /// Features are looked for in this top share of the face region (brows to mouth; the region
    /// often runs on down the neck). On real photos, hair, glasses and shoulders make the estimate
    /// noisy (frontal portraits spread up to about ±0.5), so it only catches a clearly turned head.
    static let featureBand = 0.06...0.55

    private(set) var lastRejection: Rejection?

    private var cellLuma: [Double] = []
    private var skin: [Bool] = []
    private var components = BlockComponents()

    /// The face in `rgb` (interleaved) with its `luma`, or `nil`.
    @_optimize(speed)
    mutating func find(rgb: UnsafeBufferPointer<UInt8>, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> Region? {
        let cell = max(4, height / Self.cellsPerHeight)
        let columns = width / cell, rows = height / cell
        lastRejection = .tooSmall
        guard columns >= 4, rows >= 4 else { return nil }
        measureCells(rgb: rgb, luma: luma, width: width, columns: columns, rows: rows, cell: cell)
        let componentCount = components.label(skin, columns: columns, rows: rows)
        var largest = -1, largestSize = 0
        for label in 0..<componentCount where components.sizes[label] > largestSize {
            largest = label
            largestSize = components.sizes[label]
        }
        // At least a face of 8 % of the frame height.
        let minimumCells = max(12, Int(pow2(Double(rows) * 0.08) * 0.6))
        guard largest >= 0, largestSize >= minimumCells else { return nil }
        let label = Int32(largest)
        var region = Region(cell: cell, minColumn: columns, maxColumn: -1, minRow: rows, maxRow: -1,
                            exposure: 0, cutOff: false, featureOffset: nil)
        var lumaSum = 0.0
        for index in 0..<(columns * rows) where components.labels[index] == label {
            let column = index % columns, row = index / columns
            region.minColumn = min(region.minColumn, column); region.maxColumn = max(region.maxColumn, column)
            region.minRow = min(region.minRow, row); region.maxRow = max(region.maxRow, row)
            lumaSum += cellLuma[index]
        }
        region.exposure = lumaSum / Double(largestSize)
        let boxWidth = region.maxColumn - region.minColumn + 1, boxHeight = region.maxRow - region.minRow + 1
        let fill = Double(largestSize) / Double(boxWidth * boxHeight)
        let aspect = Double(boxHeight) / Double(boxWidth)
        region.cutOff = region.minColumn == 0 || region.maxColumn == columns - 1
        // A face cut off by a side of the frame may be narrower than tall by any amount.
        lastRejection = .notFaceShaped
        guard fill >= 0.4, aspect >= 0.8, region.cutOff || aspect <= 2.4 else { return nil }
        lastRejection = .noEyeBand
        guard eyeBand(region, columns: columns) != nil else { return nil }
        lastRejection = nil
        if !region.cutOff { region.featureOffset = featureOffset(region, label: label, columns: columns) }
        return region
    }

    /// Mean luma and skin/non-skin of each cell, sampling every other pixel each way (chroma varies
    /// slowly, and this quarters the work).
    @_optimize(speed)
    private mutating func measureCells(
        rgb: UnsafeBufferPointer<UInt8>, luma: UnsafeBufferPointer<UInt8>, width: Int, columns: Int, rows: Int, cell: Int
    ) {
        let count = columns * rows
        if cellLuma.count != count {
            cellLuma = [Double](repeating: 0, count: count)
            skin = [Bool](repeating: false, count: count)
        }
        let samplesPerCell = Double(((cell + 1) / 2) * ((cell + 1) / 2))
        for row in 0..<rows {
            for column in 0..<columns {
                var red = 0, green = 0, blue = 0, grey = 0
                for y in stride(from: row * cell, to: (row + 1) * cell, by: 2) {
                    for x in stride(from: column * cell, to: (column + 1) * cell, by: 2) {
                        let index = y * width + x
                        red += Int(rgb[index * 3]); green += Int(rgb[index * 3 + 1]); blue += Int(rgb[index * 3 + 2])
                        grey += Int(luma[index])
                    }
                }
                let index = row * columns + column
                let sum = Double(red + green + blue)
                cellLuma[index] = Double(grey) / samplesPerCell
                guard sum > 0, cellLuma[index] >= 15 else { skin[index] = false; continue }
                skin[index] = Self.skinRed.contains(Double(red) / sum) && Self.skinGreen.contains(Double(green) / sum)
            }
        }
    }

    /// Row by row through the feature band: the face's outline is the first and last face cell of
    /// the row, and every non-face cell between them is a feature. A frontal face has its features
    /// balanced about the outline's midline; a turned head shifts them towards the turn while the
    /// outline (cheeks, ears) stays put.
    @_optimize(speed)
    private func featureOffset(_ region: Region, label: Int32, columns: Int) -> Double? {
        let height = Double(region.maxRow - region.minRow + 1)
        let row0 = region.minRow + Int(height * Self.featureBand.lowerBound)
        let row1 = region.minRow + Int(height * Self.featureBand.upperBound)
        var sum = 0.0, count = 0
        for row in row0...max(row0, row1) {
            var left = -1, right = -1
            for column in region.minColumn...region.maxColumn where components.labels[row * columns + column] == label {
                if left < 0 { left = column }
                right = column
            }
            guard left >= 0, right - left >= 4 else { continue }
            let middle = Double(left + right) / 2, half = Double(right - left) / 2
            for column in (left + 1)..<right where components.labels[row * columns + column] != label {
                sum += (Double(column) - middle) / half
                count += 1
            }
        }
        // Two eyes cover a few cells each even on the smallest face found.
        return count >= 4 ? sum / Double(count) : nil
    }

    /// Somewhere in the upper half of the region a band (eyes, brows) is darker than the band of
    /// cheeks below it. The region may run on down the neck and chest, so the band is searched
    /// for rather than expected at a fixed height.
    /// Returns the rows of the band that is darkest relative to its cheeks.
    private func eyeBand(_ region: Region, columns: Int) -> ClosedRange<Int>? {
        let height = Double(region.maxRow - region.minRow + 1)
        // Bands at least one cell high; the face is at least a third of the region's height.
        let band = max(0.08, 1.5 / height)
        var top = 0.05
        var best: (ratio: Double, top: Double)?
        while top <= 0.5 {
            let eyes = bandLuma(region, from: top, to: top + band, columns: columns)
            let cheeks = bandLuma(region, from: top + band * 1.5, to: top + band * 3, columns: columns)
            let ratio = eyes / max(1, cheeks)
            if ratio < 0.97 && ratio < (best?.ratio ?? 1) { best = (ratio, top) }
            top += band / 2
        }
        guard let best else { return nil }
        let first = region.minRow + Int(height * best.top)
        return first...max(first, region.minRow + Int(height * (best.top + band)))
    }

    /// Mean cell luma in the middle 70 % of the region's width, between two fractions of its height.
    @_optimize(speed)
    private func bandLuma(_ region: Region, from top: Double, to bottom: Double, columns: Int) -> Double {
        let height = Double(region.maxRow - region.minRow + 1), width = Double(region.maxColumn - region.minColumn + 1)
        let row0 = region.minRow + Int(height * top), row1 = max(row0 + 1, region.minRow + Int(height * bottom))
        let column0 = region.minColumn + Int(width * 0.15), column1 = max(column0 + 1, region.minColumn + Int(width * 0.85))
        var sum = 0.0, count = 0.0
        for row in row0..<row1 {
            for column in column0..<column1 {
                sum += cellLuma[row * columns + column]
                count += 1
            }
        }
        return count > 0 ? sum / count : 0
    }
}
