import BiocapCore

/// Fingerprint quality on 32×32 blocks at 500 ppi (scaled with resolution), modelled on NFIQ 2's
/// block features: a block is foreground when it holds ridges (enough grey-level spread, with a
/// period in the range of human ridge spacing); the score combines foreground area with the
/// ridge contrast, sharpness and orientation certainty of the foreground blocks.
struct FingerQuality {
    // Physical constants at 500 ppi; scaled by ppi / 500 where they are lengths.
    /// NFIQ 2 and ISO/IEC 29794-4 work on 32-pixel blocks at 500 ppi (1.6 mm).
    static let blockSizeAt500 = 32
    /// Human ridge spacing is about 0.3–0.7 mm (6–14 px at 500 ppi); allow blur and noise either side.
    static let ridgePeriodRange = 4.5...22.0
    /// Below this standard deviation (grey levels) a block holds no usable ridges.
    static let minimumRidgeContrast = 6.0
    /// A block is foreground when its contrast reaches this fraction of the image's strong blocks.
    static let relativeContrastThreshold = 0.3
    /// Finger contact area that gives full marks for area: about 12 mm × 12 mm.
    static let fullAreaSquareMillimetres = 150.0
    /// Smallest contact area that counts as a finger in a slap.
    static let minimumFingerSquareMillimetres = 40.0
    /// Offset of a single finger's contact centroid from the image centre, in half-images, that costs
    /// nothing (a finger rests a little low or aside on every platen) and that costs most.
    static let offCentre = (good: 0.4, poor: 0.8)

    private var stats = BlockStatistics()
    private var foreground: [Bool] = []
    private var components = BlockComponents()
    private var sortScratch: [Double] = []

    /// Scores one fingerprint or slap image.
    @_optimize(speed)
    mutating func assess(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, ppi: Int?, position: FingerPosition
    ) -> QualityReport {
        let scale = Double(ppi ?? 500) / 500
        let grid = BlockGrid(width: width, height: height,
                             blockSize: Int((Double(Self.blockSizeAt500) * scale).rounded()))
        guard !grid.isEmpty else { return Self.nothing(position: position) }
        stats.measure(pixels, width: width, grid: grid)
        let count = grid.count
        if foreground.count != count {
            foreground = [Bool](repeating: false, count: count)
            sortScratch = [Double](repeating: 0, count: count)
        }

        // Contrast threshold relative to the image's strong blocks (90th percentile of block spread),
        // so sensors with a weak signal are not all background, and textured backgrounds are.
        for index in 0..<count { sortScratch[index] = stats.variance[index] }
        sortScratch.withUnsafeMutableBufferPointer { $0.sort() }
        let strongSpread = sortScratch[min(count - 1, Int(Double(count) * 0.9))].squareRoot()
        let contrastThreshold = max(Self.minimumRidgeContrast, Self.relativeContrastThreshold * strongSpread)
        let periodRange = (Self.ridgePeriodRange.lowerBound * scale)...(Self.ridgePeriodRange.upperBound * scale)

        var foregroundCount = 0
        var sumStd = 0.0, sumGradient = 0.0, sumCoherence = 0.0, sumPeriod = 0.0, sumMean = 0.0
        var sumX = 0.0, sumY = 0.0
        var minColumn = grid.columns, maxColumn = -1, minRow = grid.rows, maxRow = -1
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let index = row * grid.columns + column
                let spread = stats.variance[index].squareRoot()
                let period = stats.period(index)
                let isRidge = spread >= contrastThreshold && periodRange.contains(period)
                foreground[index] = isRidge
                guard isRidge else { continue }
                foregroundCount += 1
                sumStd += spread
                sumGradient += (stats.gxx[index] + stats.gyy[index]).squareRoot()
                sumCoherence += stats.coherence(index)
                sumPeriod += period
                sumMean += stats.mean[index]
                sumX += Double(column) + 0.5
                sumY += Double(row) + 0.5
                minColumn = min(minColumn, column); maxColumn = max(maxColumn, column)
                minRow = min(minRow, row); maxRow = max(maxRow, row)
            }
        }

        let coverage = Double(foregroundCount) / Double(count)
        let blockArea = pow2(Double(grid.blockSize) / (500 * scale) * 25.4)
        let area = Double(foregroundCount) * blockArea
        guard foregroundCount >= 2, area >= 10 else { return Self.nothing(position: position) }
        let n = Double(foregroundCount)
        let contrast = sumStd / n
        let sharpness = sumGradient / n
        let certainty = sumCoherence / n
        let period = sumPeriod / n / scale
        let meanGrey = sumMean / n
        let centreX = sumX / n / Double(grid.columns) - 0.5
        let centreY = sumY / n / Double(grid.rows) - 0.5
        let centreOffset = max(abs(centreX), abs(centreY)) * 2

        var metrics = [
            QualityMetric(name: MetricName.foregroundCoverage, value: coverage),
            QualityMetric(name: MetricName.foregroundArea, value: area),
            QualityMetric(name: MetricName.contrast, value: contrast),
            QualityMetric(name: MetricName.sharpness, value: sharpness),
            QualityMetric(name: MetricName.orientationCertainty, value: certainty),
            QualityMetric(name: MetricName.ridgePeriod, value: period),
            QualityMetric(name: MetricName.meanGrey, value: meanGrey),
            QualityMetric(name: MetricName.foregroundCentreOffset, value: centreOffset),
        ]

        let areaFactor = Ramp.rising(area, from: 0, to: Self.fullAreaSquareMillimetres)
        let contrastFactor = Ramp.rising(contrast, from: 5, to: 30)
        let sharpnessFactor = Ramp.rising(sharpness, from: 2, to: 12)
        let certaintyFactor = Ramp.rising(certainty, from: 0.15, to: 0.9)
        // Dark foreground on a dark-ridge sensor means ridges run together (wet, smeared, pressed hard).
        let brightnessFactor = Ramp.rising(meanGrey, from: 60, to: 200)
        // A single finger pushed towards a side of the platen leaves its core or deltas out of view,
        // however much ridge area remains.
        let placementFactor = position.isSlap
            ? 1 : Ramp.rising(centreOffset, from: Self.offCentre.poor, to: Self.offCentre.good)
        var score = 100 * areaFactor * certaintyFactor * (0.5 + 0.5 * brightnessFactor)
            * (0.5 + 0.5 * sharpnessFactor) * (0.8 + 0.2 * contrastFactor) * (0.3 + 0.7 * placementFactor)

        if position.isSlap {
            let minimumBlocks = Int((Self.minimumFingerSquareMillimetres / blockArea).rounded(.up))
            let componentCount = components.label(foreground, columns: grid.columns, rows: grid.rows)
            var fingers = 0
            for label in 0..<componentCount where components.sizes[label] >= minimumBlocks { fingers += 1 }
            metrics.append(QualityMetric(name: MetricName.fingersFound, value: Double(fingers)))
            // Full marks for area need every expected finger's worth of contact.
            score = 100 * Ramp.rising(area, from: 0,
                                      to: Self.fullAreaSquareMillimetres * 0.6 * Double(position.fingers.count))
                * (score / max(1e-9, 100 * areaFactor))
        }

        var guidance: [Guidance] = []
        let touchesEdge = minColumn == 0 || minRow == 0 || maxColumn == grid.columns - 1 || maxRow == grid.rows - 1
        if contrast < 12 || (meanGrey > 200 && contrastFactor < 0.6) {
            guidance.append(meanGrey < 80 ? .pressLighter : .pressHarder)
        } else if meanGrey < 60 {
            guidance.append(.pressLighter)
        }
        if certainty < 0.25 { guidance.append(.cleanSensor) }
        if !position.isSlap && (centreOffset > Self.offCentre.good || (touchesEdge && coverage < 0.5)) {
            guidance.append(.centreFinger)
        }
        if sharpness < 4 { guidance.append(.holdStill) }
        return QualityReport(modality: .finger, score: Int(score.rounded()), metrics: metrics, guidance: guidance)
    }

    private static func nothing(position: FingerPosition) -> QualityReport {
        var metrics = [
            QualityMetric(name: MetricName.foregroundCoverage, value: 0),
            QualityMetric(name: MetricName.foregroundArea, value: 0),
        ]
        if position.isSlap { metrics.append(QualityMetric(name: MetricName.fingersFound, value: 0)) }
        return QualityReport(modality: .finger, score: 0, metrics: metrics, guidance: [.placeFinger])
    }
}

@inline(__always) func pow2(_ value: Double) -> Double { value * value }
