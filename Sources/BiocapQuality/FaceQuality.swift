import BiocapCore

/// Colour face image quality. Until a real detector arrives, the face is the largest roughly
/// elliptical region of skin chromaticity (normalised r, g, which ignore brightness so an
/// under-exposed face is still found) with a band darker than the cheeks where the eyes are.
/// Then: exposure and contrast on the face, sharpness, position and size in the frame.
struct FaceQuality {
    /// Skin chromaticity in normalised rgb (r = R/(R+G+B), g = G/(R+G+B)), after Soriano et al.:
    /// it holds for light and dark skin alike, because skin differs mostly in brightness.
    static let skinRed = 0.36...0.50
    static let skinGreen = 0.26...0.37
    /// Mean face luma that counts as well exposed, and the limits of acceptable.
    static let idealExposure = 90.0...180.0
    static let acceptableExposure = 35.0...225.0
    /// Face height as a fraction of frame height: ideal for an ISO/IEC 19794-5 portrait, and limits.
    static let idealFaceSize = 0.3...0.75
    static let acceptableFaceSize = 0.1...0.95
    /// Sharpness = 100·x²/(x² + c²) of x = RMS Laplacian / luma spread on the face.
    static let sharpnessHalfPoint = 0.25

    private var cellLuma: [Double] = []
    private var skin: [Bool] = []
    private var components = BlockComponents()
    private var stats = BlockStatistics()
    private var histogram = [Int](repeating: 0, count: 256)

    struct Region {
        var minColumn: Int, maxColumn: Int, minRow: Int, maxRow: Int
        var exposure: Double
    }

    /// Scores a frame; `rgb` is `nil` for a greyscale frame, where skin cannot be told apart.
    @_optimize(speed)
    mutating func assess(
        rgb: UnsafeBufferPointer<UInt8>?, luma: UnsafeBufferPointer<UInt8>, width: Int, height: Int
    ) -> QualityReport {
        let cell = max(4, height / 90)
        let columns = width / cell, rows = height / cell
        guard let rgb, columns >= 4, rows >= 4,
              let face = findFace(rgb: rgb, luma: luma, width: width, columns: columns, rows: rows, cell: cell)
        else {
            return QualityReport(modality: .face, score: 0,
                                 metrics: [QualityMetric(name: MetricName.faceFound, value: 0)],
                                 guidance: [.noFace])
        }
        let x0 = face.minColumn * cell, x1 = min(width, (face.maxColumn + 1) * cell)
        let y0 = face.minRow * cell, y1 = min(height, (face.maxRow + 1) * cell)
        ImageKernels.histogram(luma, width: width, x0: x0, y0: y0, x1: x1, y1: y1, into: &histogram)
        let spread = Double(ImageKernels.percentile(histogram, 0.95) - ImageKernels.percentile(histogram, 0.05))
        let contrast = spread / 255

        let grid = BlockGrid(width: width, height: height, blockSize: 16)
        stats.measure(luma, width: width, grid: grid)
        var laplacianSum = 0.0, varianceSum = 0.0, blockCount = 0.0
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let (x, y) = grid.centre(column: column, row: row)
                guard x >= Double(x0), x < Double(x1), y >= Double(y0), y < Double(y1) else { continue }
                laplacianSum += stats.laplacian[row * grid.columns + column]
                varianceSum += stats.variance[row * grid.columns + column]
                blockCount += 1
            }
        }
        let relativeLaplacian = blockCount > 0 && varianceSum > 0 ? (laplacianSum / varianceSum).squareRoot() : 0
        let sharpness = 100 * pow2(relativeLaplacian) / (pow2(relativeLaplacian) + pow2(Self.sharpnessHalfPoint))

        let centreX = Double(x0 + x1) / 2, centreY = Double(y0 + y1) / 2
        let offset = max(abs(centreX / Double(width) - 0.5), abs(centreY / Double(height) - 0.5)) * 2
        let size = Double(y1 - y0) / Double(height)
        let metrics = [
            QualityMetric(name: MetricName.faceFound, value: 1),
            QualityMetric(name: MetricName.exposure, value: face.exposure),
            QualityMetric(name: MetricName.contrast, value: contrast),
            QualityMetric(name: MetricName.sharpness, value: sharpness),
            QualityMetric(name: MetricName.faceCentreOffset, value: offset),
            QualityMetric(name: MetricName.faceSize, value: size),
        ]
        let score = 100
            * Ramp.plateau(face.exposure, ideal: Self.idealExposure, acceptable: Self.acceptableExposure)
            * Ramp.plateau(size, ideal: Self.idealFaceSize, acceptable: Self.acceptableFaceSize)
            * Ramp.rising(offset, from: 0.8, to: 0.25)
            * (0.3 + 0.7 * Ramp.rising(sharpness, from: 10, to: 60))
            * (0.5 + 0.5 * Ramp.rising(contrast, from: 0.1, to: 0.4))

        var guidance: [Guidance] = []
        if face.exposure < Self.idealExposure.lowerBound { guidance.append(.tooDark) }
        if face.exposure > Self.idealExposure.upperBound { guidance.append(.tooBright) }
        if offset > 0.3 { guidance.append(.centreFace) }
        if size < Self.idealFaceSize.lowerBound { guidance.append(.moveCloser) }
        if size > Self.idealFaceSize.upperBound { guidance.append(.moveBack) }
        if sharpness < 20 { guidance.append(.holdStill) }
        return QualityReport(modality: .face, score: Int(score.rounded()), metrics: metrics, guidance: guidance)
    }

    /// Marks skin cells, takes the largest connected skin region, and accepts it as a face when it
    /// is big enough, fills a plausible share of its bounding box, is taller than wide, and has a
    /// darker band (eyes, brows) above a lighter one (cheeks).
    @_optimize(speed)
    private mutating func findFace(
        rgb: UnsafeBufferPointer<UInt8>, luma: UnsafeBufferPointer<UInt8>, width: Int,
        columns: Int, rows: Int, cell: Int
    ) -> Region? {
        let count = columns * rows
        if cellLuma.count != count {
            cellLuma = [Double](repeating: 0, count: count)
            skin = [Bool](repeating: false, count: count)
        }
        let samplesPerCell = Double(((cell + 1) / 2) * ((cell + 1) / 2))
        for row in 0..<rows {
            for column in 0..<columns {
                var red = 0, green = 0, blue = 0, grey = 0
                // Every other pixel each way: chroma varies slowly, and this quarters the work.
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
        let componentCount = components.label(skin, columns: columns, rows: rows)
        var largest = -1, largestSize = 0
        for label in 0..<componentCount where components.sizes[label] > largestSize {
            largest = label
            largestSize = components.sizes[label]
        }
        // At least a face of 8 % of the frame height.
        let minimumCells = max(12, Int(pow2(Double(rows) * 0.08) * 0.6))
        guard largest >= 0, largestSize >= minimumCells else { return nil }
        var region = Region(minColumn: columns, maxColumn: -1, minRow: rows, maxRow: -1, exposure: 0)
        var lumaSum = 0.0
        for index in 0..<count where components.labels[index] == Int32(largest) {
            let column = index % columns, row = index / columns
            region.minColumn = min(region.minColumn, column); region.maxColumn = max(region.maxColumn, column)
            region.minRow = min(region.minRow, row); region.maxRow = max(region.maxRow, row)
            lumaSum += cellLuma[index]
        }
        region.exposure = lumaSum / Double(largestSize)
        let boxWidth = region.maxColumn - region.minColumn + 1, boxHeight = region.maxRow - region.minRow + 1
        let fill = Double(largestSize) / Double(boxWidth * boxHeight)
        let aspect = Double(boxHeight) / Double(boxWidth)
        guard fill >= 0.4, aspect >= 0.8, aspect <= 2.4 else { return nil }
        let eyes = bandLuma(region, from: 0.25, to: 0.5, columns: columns)
        let cheeks = bandLuma(region, from: 0.55, to: 0.8, columns: columns)
        guard eyes < cheeks * 0.97 else { return nil }
        return region
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
