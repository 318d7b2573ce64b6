import BiocapCore

/// Fingerprint quality on 32×32 blocks at 500 ppi (scaled with resolution), modelled on NFIQ 2
/// (ISO/IEC 29794-4): blocks holding ridges form the foreground, features of the foreground
/// (`FingerFeatures`) go through a small linear model fitted against NFIQ 2.3 (`FingerScoreModel`),
/// and guidance flags say what to fix. In a slap every finger found is scored on its own.
///
/// Scratch buffers are kept between calls: once warmed up for a frame size nothing is allocated
/// in the per-pixel or per-block loops.
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
    /// Resolutions fingerprint scanners have (ppi); outside them the image is read as 500 ppi.
    static let plausibleResolution = 100...4000
    /// Finger contact area of a well-placed single finger: about 12 mm × 12 mm.
    static let fullAreaSquareMillimetres = 150.0
    /// Smallest contact area that counts as a finger in a slap.
    static let minimumFingerSquareMillimetres = 40.0
    /// The model is fitted on whole fingertips with ridges; outside that range it would extrapolate.
    /// These ramps take the score to 0 below what any fitted image showed: contact area (mm²; the
    /// smallest training finger had about 140 mm²), orientation certainty and ridge clarity (noise,
    /// smears and textured backgrounds have neither).
    static let validArea = (none: 20.0, full: 140.0)
    static let validCertainty = (none: 0.1, full: 0.23)
    static let validClarity = (none: 0.08, full: 0.22)
    /// Offset of a single finger's contact centroid from the image centre, in half-images, that costs
    /// nothing (a finger rests a little low or aside on every platen) and that costs most.
    static let offCentre = (good: 0.4, poor: 0.8)

    private var stats = BlockStatistics()
    private var foreground: [Bool] = []
    private var regions: [Int32] = []
    private var ridge: [RidgeClarity.Measures] = []
    private var spreadHistogram = [Int](repeating: 0, count: 256)
    private var ridgeClarity = RidgeClarity()
    private var ridgeValley = RidgeValleyBlocks()
    private var components = BlockComponents()
    private var fingerScratch: [FingerFeatures] = []

    /// The block grid and foreground of the last measured image.
    private struct Measured {
        var grid: BlockGrid
        /// ppi / 500.
        var scale: Double
        /// Area of one block, mm².
        var blockArea: Double
        var imageMean: Double
        /// Whether there is enough ridge area to score at all.
        var hasForeground: Bool
    }

    /// Scores one fingerprint or slap image.
    @_optimize(speed)
    mutating func assess(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, ppi: Int?, position: FingerPosition
    ) -> QualityReport {
        guard let measured = measure(pixels, width: width, height: height, ppi: ppi, slap: position.isSlap) else {
            return Self.nothing(position: position, imageMean: 0)
        }
        let (grid, scale, blockArea, imageMean) = (measured.grid, measured.scale, measured.blockArea, measured.imageMean)
        let count = grid.count
        guard measured.hasForeground else { return Self.nothing(position: position, imageMean: imageMean) }
        if position.isSlap {
            return assessSlap(position: position, grid: grid, scale: scale, blockArea: blockArea, imageMean: imageMean)
        }

        let features = FingerFeatures.measure(region: 0, regions: regions, stats: stats, ridge: ridge,
                                              ridgeValley: ridgeValley, wholeImage: true, grid: grid, scale: scale)
        let coverage = Double(features.blocks) / Double(count)
        let centreX = features.centroid.x / Double(grid.columns) - 0.5
        let centreY = features.centroid.y / Double(grid.rows) - 0.5
        let centreOffset = max(abs(centreX), abs(centreY)) * 2
        // A single finger pushed towards a side of the platen leaves its core or deltas out of view,
        // however much ridge area remains; NFIQ 2 sees that through its minutiae, the model does not.
        let placementFactor = Ramp.rising(centreOffset, from: Self.offCentre.poor, to: Self.offCentre.good)
        let score = Self.modelScore(features) * (0.3 + 0.7 * placementFactor)

        var metrics = Self.metrics(features)
        metrics.insert(QualityMetric(name: MetricName.foregroundCoverage, value: coverage), at: 0)
        metrics.append(QualityMetric(name: MetricName.foregroundCentreOffset, value: centreOffset))
        metrics.append(QualityMetric(name: MetricName.imageMean, value: imageMean))

        var guidance = Self.guidance(features)
        let bounds = features.bounds
        let touchesEdge = bounds.minColumn == 0 || bounds.minRow == 0
            || bounds.maxColumn == grid.columns - 1 || bounds.maxRow == grid.rows - 1
        if centreOffset > Self.offCentre.good || (touchesEdge && coverage < 0.5) {
            guidance.append(.centreFinger)
        } else if features.area < 0.4 * Self.fullAreaSquareMillimetres, !guidance.contains(.pressHarder) {
            // Too little contact in the middle of the platen: a light touch or the very fingertip.
            guidance.append(.pressHarder)
        }
        return QualityReport(modality: .finger, score: Int(score.rounded()), metrics: metrics, guidance: guidance)
    }

    /// The finger model's score (0–100) of one fingertip cut from a slap: the whole image's foreground as one
    /// finger, without the single-finger placement factor (a crop is centred on its finger by construction).
    @_optimize(speed)
    mutating func fingertipScore(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, ppi: Int?) -> Int {
        guard let measured = measure(pixels, width: width, height: height, ppi: ppi, slap: false), measured.hasForeground
        else { return 0 }
        let features = FingerFeatures.measure(region: 0, regions: regions, stats: stats, ridge: ridge,
                                              ridgeValley: ridgeValley, wholeImage: true,
                                              grid: measured.grid, scale: measured.scale)
        return Int(Self.modelScore(features).rounded())
    }

    /// Block statistics, foreground (`regions` 0 for foreground blocks, −1 elsewhere) and the clarity of each
    /// foreground block; `nil` when the image is smaller than one block.
    @_optimize(speed)
    private mutating func measure(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, ppi: Int?, slap: Bool
    ) -> Measured? {
        // A resolution no scanner has (a damaged or hostile header) is taken as unknown: 500 ppi.
        let scale = Double(ppi.flatMap { Self.plausibleResolution.contains($0) ? $0 : nil } ?? 500) / 500
        let grid = BlockGrid(width: width, height: height,
                             blockSize: Int((Double(Self.blockSizeAt500) * scale).rounded()))
        guard !grid.isEmpty, pixels.count >= width * height else { return nil }
        stats.measure(pixels, width: width, grid: grid)
        let count = grid.count
        if foreground.count != count {
            foreground = [Bool](repeating: false, count: count)
            regions = [Int32](repeating: -1, count: count)
            ridge = [RidgeClarity.Measures](repeating: RidgeClarity.Measures(), count: count)
        }
        var imageMean = 0.0
        for index in 0..<count { imageMean += stats.mean[index] }
        imageMean /= Double(count)

        let contrastThreshold = max(Self.minimumRidgeContrast, Self.relativeContrastThreshold * strongSpread())
        let periodRange = (Self.ridgePeriodRange.lowerBound * scale)...(Self.ridgePeriodRange.upperBound * scale)
        var foregroundCount = 0
        for index in 0..<count {
            let isRidge = stats.variance[index].squareRoot() >= contrastThreshold
                && periodRange.contains(stats.period(index))
            foreground[index] = isRidge
            regions[index] = isRidge ? 0 : -1
            ridge[index] = RidgeClarity.Measures()
            guard isRidge else { continue }
            foregroundCount += 1
            ridge[index] = ridgeClarity.measure(pixels, width: width, grid: grid, index: index, stats: stats)
        }
        let blockMillimetres = Double(grid.blockSize) / (500 * scale) * 25.4
        let blockArea = blockMillimetres * blockMillimetres
        let hasForeground = foregroundCount >= 2 && Double(foregroundCount) * blockArea >= 10
        if hasForeground {
            // NFIQ 2's local measures over its own segmentation for a single finger; in a slap only where
            // fingers are (the rest is never scored, and a slap is mostly background).
            ridgeValley.measure(pixels, width: width, height: height, scale: scale,
                                foreground: slap ? (grid, foreground) : nil)
        } else {
            ridgeValley.clear()
        }
        return Measured(grid: grid, scale: scale, blockArea: blockArea, imageMean: imageMean, hasForeground: hasForeground)
    }

    /// Scores each finger of a slap: connected foreground regions of at least a fingertip's area,
    /// ordered left to right. The slap's score is the mean of its fingers' scores; fewer fingers
    /// than the position holds show in `fingers-found` against `fingers-expected` (the capture
    /// session, which knows the request's exceptions, decides whether one is missing).
    private mutating func assessSlap(
        position: FingerPosition, grid: BlockGrid, scale: Double, blockArea: Double, imageMean: Double
    ) -> QualityReport {
        let minimumBlocks = Int((Self.minimumFingerSquareMillimetres / blockArea).rounded(.up))
        let componentCount = components.label(foreground, columns: grid.columns, rows: grid.rows)
        for index in 0..<grid.count { regions[index] = components.labels[index] }
        fingerScratch.removeAll(keepingCapacity: true)
        for label in 0..<componentCount where components.sizes[label] >= minimumBlocks {
            fingerScratch.append(FingerFeatures.measure(region: Int32(label), regions: regions, stats: stats,
                                                        ridge: ridge, ridgeValley: ridgeValley, wholeImage: false,
                                                        grid: grid, scale: scale))
        }
        guard !fingerScratch.isEmpty else { return Self.nothing(position: position, imageMean: imageMean) }
        fingerScratch.sort { $0.centroid.x < $1.centroid.x }

        var sumScore = 0.0
        var metrics: [QualityMetric] = [
            QualityMetric(name: MetricName.fingersFound, value: Double(fingerScratch.count)),
            QualityMetric(name: MetricName.fingersExpected, value: Double(position.fingers.count)),
        ]
        for (ordinal, finger) in fingerScratch.enumerated() {
            let score = Self.modelScore(finger)
            sumScore += score
            metrics.append(QualityMetric(name: MetricName.fingerScore(ordinal + 1), value: score.rounded()))
        }
        let all = FingerFeatures.combined(fingerScratch)
        metrics.append(contentsOf: Self.metrics(all))
        metrics.append(QualityMetric(name: MetricName.imageMean, value: imageMean))
        let score = sumScore / Double(fingerScratch.count)
        return QualityReport(modality: .finger, score: Int(score.rounded()), metrics: metrics,
                             guidance: Self.guidance(all))
    }

    /// The fitted model's score, taken towards 0 where the features leave the range it was fitted on.
    static func modelScore(_ features: FingerFeatures) -> Double {
        FingerScoreModel.score(features)
            * Ramp.rising(features.area, from: validArea.none, to: validArea.full)
            * Ramp.rising(features.certainty, from: validCertainty.none, to: validCertainty.full)
            * Ramp.rising(features.clarity, from: validClarity.none, to: validClarity.full)
    }

    /// Grey-level spread of the image's strong blocks (90th percentile of block standard deviations),
    /// from a half-grey-level histogram so nothing is sorted or allocated.
    private mutating func strongSpread() -> Double {
        for bin in 0..<spreadHistogram.count { spreadHistogram[bin] = 0 }
        let count = stats.variance.count
        for index in 0..<count {
            spreadHistogram[min(255, Int(stats.variance[index].squareRoot() * 2))] += 1
        }
        let target = min(count - 1, Int(Double(count) * 0.9))
        var running = 0
        for bin in 0..<spreadHistogram.count {
            running += spreadHistogram[bin]
            if running > target { return Double(bin) / 2 + 0.25 }
        }
        return 127.5
    }

    private static func metrics(_ features: FingerFeatures) -> [QualityMetric] {
        [
            QualityMetric(name: MetricName.foregroundArea, value: features.area),
            QualityMetric(name: MetricName.contrast, value: features.contrast),
            QualityMetric(name: MetricName.sharpness, value: features.sharpness),
            QualityMetric(name: MetricName.orientationCertainty, value: features.certainty),
            QualityMetric(name: MetricName.orientationFlow, value: features.flow),
            QualityMetric(name: MetricName.ridgePeriod, value: features.period),
            QualityMetric(name: MetricName.ridgePeriodSpread, value: features.periodSpread),
            QualityMetric(name: MetricName.ridgeClarity, value: features.clarity),
            QualityMetric(name: MetricName.unclearShare, value: features.unclearShare),
            QualityMetric(name: MetricName.clearArea, value: features.clearArea),
            QualityMetric(name: MetricName.ridgeNoise, value: features.noise),
            QualityMetric(name: MetricName.ridgeShare, value: features.ridgeShare),
            QualityMetric(name: MetricName.ridgeShareSpread, value: features.ridgeShareSpread),
            QualityMetric(name: MetricName.uncertainShare, value: features.uncertainShare),
            QualityMetric(name: MetricName.flowBreakShare, value: features.flowBreakShare),
            QualityMetric(name: MetricName.meanGrey, value: features.meanGrey),
            QualityMetric(name: MetricName.greySpread, value: features.greySpread),
            QualityMetric(name: MetricName.quadrantClarity, value: features.quadrantClarity),
            QualityMetric(name: MetricName.frequencyDominance, value: features.frequencyDominance),
            QualityMetric(name: MetricName.wellDefinedShare, value: features.wellDefinedShare),
            QualityMetric(name: MetricName.weakFrequencyBlocks, value: features.ridgeValley.weakFrequencyBlocks),
            QualityMetric(name: MetricName.moderateFrequencyBlocks, value: features.ridgeValley.moderateFrequencyBlocks),
            QualityMetric(name: MetricName.strongFrequencyBlocks, value: features.ridgeValley.strongFrequencyBlocks),
            QualityMetric(name: MetricName.noFrequencyBlocks, value: features.ridgeValley.noFrequencyBlocks),
            QualityMetric(name: MetricName.unclearRidgeBlocks, value: features.ridgeValley.unclearRidgeBlocks),
            QualityMetric(name: MetricName.fairRidgeBlocks, value: features.ridgeValley.fairRidgeBlocks),
            QualityMetric(name: MetricName.clearRidgeBlocks, value: features.ridgeValley.clearRidgeBlocks),
            QualityMetric(name: MetricName.veryClearRidgeBlocks, value: features.ridgeValley.veryClearRidgeBlocks),
            QualityMetric(name: MetricName.narrowWidthRatios, value: features.ridgeValley.narrowWidthRatios),
            QualityMetric(name: MetricName.evenWidthRatios, value: features.ridgeValley.evenWidthRatios),
            QualityMetric(name: MetricName.wideWidthRatios, value: features.ridgeValley.wideWidthRatios),
            QualityMetric(name: MetricName.extremeWidthRatios, value: features.ridgeValley.extremeWidthRatios),
        ]
    }

    /// Actionable flags shared by single fingers and slaps, most important first.
    private static func guidance(_ features: FingerFeatures) -> [Guidance] {
        var guidance: [Guidance] = []
        let weakContrast = features.contrast < 12 || (features.meanGrey > 200 && features.contrast < 17.5)
        if weakContrast {
            guidance.append(features.meanGrey < 80 ? .pressLighter : .pressHarder)
        } else if features.meanGrey < 60 {
            guidance.append(.pressLighter)
        }
        if features.certainty < 0.25 || features.unclearShare > 0.6 { guidance.append(.cleanSensor) }
        if features.sharpness < 4 { guidance.append(.holdStill) }
        return guidance
    }

    /// The report for an empty platen, a uniform image or too little ridge area to score.
    private static func nothing(position: FingerPosition, imageMean: Double) -> QualityReport {
        var metrics = [
            QualityMetric(name: MetricName.foregroundCoverage, value: 0),
            QualityMetric(name: MetricName.foregroundArea, value: 0),
            QualityMetric(name: MetricName.imageMean, value: imageMean),
        ]
        if position.isSlap {
            metrics.append(QualityMetric(name: MetricName.fingersFound, value: 0))
            metrics.append(QualityMetric(name: MetricName.fingersExpected, value: Double(position.fingers.count)))
        }
        return QualityReport(modality: .finger, score: 0, metrics: metrics, guidance: [.placeFinger])
    }
}

@inline(__always) func pow2(_ value: Double) -> Double { value * value }
