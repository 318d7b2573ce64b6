import BiocapCore
import Foundation

/// Near-infrared eye image quality, after ISO/IEC 29794-6: finds the pupil (the darkest uniform
/// disc) and the iris boundary (the strongest dark-to-bright step along lateral rays, where eyelids
/// rarely reach), then measures iris size, pupil dilation, sharpness, occlusion and contrast.
struct IrisQuality {
    /// ISO/IEC 29794-6 asks for an iris diameter of 150 px or more; below 100 px recognition suffers.
    static let goodIrisDiameter = 150.0
    static let poorIrisDiameter = 80.0
    /// The pupil must be at least this much darker (grey levels) than the iris around it.
    static let minimumPupilStep = 20.0
    /// ISO/IEC 29794-6 sharpness (`IrisISOMeasures.sharpness`): in-focus CASIA eyes measure 9–53,
    /// the same eyes blurred by a 3 × 3 box about 6–11, by 5 × 5 about 2.
    static let sharpSharpness = 20.0
    static let blurredSharpness = 5.0
    static let holdStillSharpness = 10.0
    /// A pupil seen θ off the camera axis is an ellipse with axis ratio cos θ (ISO/IEC 29794-6 gaze
    /// angle, pupil circularity). Real pupils are not perfect discs, so full marks from 0.9 (about 25°
    /// off axis or a slightly irregular pupil) and none at 0.75 (about 40°).
    static let frontalCircularity = 0.9
    static let offAxisCircularity = 0.75
    static let lookAtCameraCircularity = 0.85
    /// ISO/IEC 29794-6's recommended greyscale utilisation, bits.
    static let fullGreyscale = 6.0
    /// Median grey level of the iris's outer half (lateral sectors) outside which the iris is too dark
    /// (its texture lost in the sensor's noise floor) or too bright (washed out towards saturation).
    static let irisLevels = 35.0...200.0
    /// ISO/IEC 29794-6 wants room around the iris (margin adequacy); the smallest gap between the iris
    /// and a frame edge, in iris radii, that costs nothing.
    static let minimumMargin = 0.2

    /// Ray directions (cos, sin) in the two lateral sectors, ±30° about the horizontal.
    private static let rightRays: [(Double, Double)] = rays(centre: 0)
    private static let leftRays: [(Double, Double)] = rays(centre: Double.pi)

    private static func rays(centre: Double) -> [(Double, Double)] {
        (0..<16).map { step in
            let angle = centre + (Double(step) / 15 - 0.5) * Double.pi / 3
            return (cos(angle), sin(angle))
        }
    }

    private var stats = BlockStatistics()
    private var iso = IrisISOMeasures()
    private var histogram = [Int](repeating: 0, count: 256)
    private var leftProfile = [Double](repeating: 0, count: 1024)
    private var rightProfile = [Double](repeating: 0, count: 1024)

    struct Pupil {
        var x: Double
        var y: Double
        var radius: Double
        var level: Double
        var threshold: Double
        /// Minor over major axis of the dark disc (1 = round).
        var circularity: Double
    }

    @_optimize(speed)
    mutating func assess(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> QualityReport {
        ImageKernels.histogram(pixels, width: width, x0: 0, y0: 0, x1: width, y1: height, into: &histogram)
        let median = Double(ImageKernels.percentile(histogram, 0.5))
        let brightFraction = Double(histogram[240...].reduce(0, +)) / Double(width * height)
        // Without an eye, the frame's exposure is all there is to go on.
        let frameExposure: Guidance? = median < 35 ? .tooDark : (median > 200 || brightFraction > 0.25 ? .tooBright : nil)

        guard let pupil = findPupil(pixels, width: width, height: height) else {
            return Self.noEye(pupilFound: false, extra: frameExposure)
        }
        guard let iris = findIris(pixels, width: width, height: height, pupil: pupil) else {
            return Self.noEye(pupilFound: true, extra: frameExposure)
        }

        let irisDiameter = 2 * iris.radius
        let ratio = pupil.radius / iris.radius
        let pupilCircle = IrisISOMeasures.Circle(x: pupil.x, y: pupil.y, radius: pupil.radius)
        let irisCircle = IrisISOMeasures.Circle(x: iris.x, y: iris.y, radius: iris.radius)
        // ISO/IEC 29794-6 samples: the pupil's middle, the iris next to the pupil (for iris–pupil
        // contrast), the iris's outer half and the sclera just outside it in the lateral sectors
        // (for iris–sclera contrast; above and below are eyelids).
        let pupilMedian = iso.ringMedian(pixels, width: width, height: height, around: pupilCircle, from: 0, to: 0.8)
            ?? pupil.level
        let innerIrisMedian = iso.ringMedian(pixels, width: width, height: height, around: pupilCircle,
                                             from: 1.2, to: max(1.3, 0.5 * (1 + 1 / ratio))) ?? iris.level
        let outerIrisMedian = iso.ringMedian(pixels, width: width, height: height, around: irisCircle,
                                             from: 0.55, to: 0.9, lateralOnly: true) ?? iris.level
        let scleraMedian = iso.ringMedian(pixels, width: width, height: height, around: irisCircle,
                                          from: 1.1, to: 1.2, lateralOnly: true) ?? iris.scleraLevel
        let contrast = IrisISOMeasures.irisPupilContrast(pupil: pupilMedian, iris: innerIrisMedian)
        let scleraContrast = IrisISOMeasures.irisScleraContrast(pupil: pupilMedian, iris: outerIrisMedian,
                                                                sclera: scleraMedian)
        let usable = iso.usableArea(pixels, width: width, height: height, pupil: pupilCircle, iris: irisCircle,
                                    pupilLevel: pupilMedian)
        let sharpness = IrisISOMeasures.sharpness(pixels, width: width, height: height)
        let greyscale = IrisISOMeasures.greyscaleUtilisation(histogram)
        // With the eye found, exposure is judged on the iris: near-infrared illuminators saturate skin and
        // sclera long before the iris, so a frame mostly white can hold a well-exposed iris. The frame's
        // exposure still speaks when it costs grey levels (greyscale utilisation under the standard's 6 bits,
        // which lowers the score): then less (or more) light is what would raise it.
        let irisExposure: Guidance? = outerIrisMedian < Self.irisLevels.lowerBound ? .tooDark
            : (outerIrisMedian > Self.irisLevels.upperBound ? .tooBright : nil)
        let exposureGuidance = irisExposure ?? (greyscale < Self.fullGreyscale ? frameExposure : nil)
        // Reported, not scored: our lateral-ray iris boundary is too coarse for it (frontal CASIA
        // eyes reach 0.3), so gaze is judged on the pupil's shape alone.
        let concentricity = ((iris.x - pupil.x) * (iris.x - pupil.x) + (iris.y - pupil.y) * (iris.y - pupil.y))
            .squareRoot() / iris.radius
        let margin = min(iris.x, Double(width) - iris.x, iris.y, Double(height) - iris.y) / iris.radius - 1

        let metrics = [
            QualityMetric(name: MetricName.pupilFound, value: 1),
            QualityMetric(name: MetricName.irisFound, value: 1),
            QualityMetric(name: MetricName.irisDiameter, value: irisDiameter),
            QualityMetric(name: MetricName.pupilIrisRatio, value: ratio),
            QualityMetric(name: MetricName.sharpness, value: sharpness),
            QualityMetric(name: MetricName.usableIrisArea, value: usable),
            QualityMetric(name: MetricName.irisPupilContrast, value: contrast),
            QualityMetric(name: MetricName.irisScleraContrast, value: scleraContrast),
            QualityMetric(name: MetricName.greyscaleUtilisation, value: greyscale),
            QualityMetric(name: MetricName.pupilCircularity, value: pupil.circularity),
            QualityMetric(name: MetricName.irisPupilConcentricity, value: concentricity),
            QualityMetric(name: MetricName.irisMargin, value: margin),
        ]
        // ISO/IEC 29794-6 overall quality: the product of each measure normalised to 0…1 about the
        // standard's recommended values (diameter ≥ 150 px, usable area ≥ 70 %, iris–pupil contrast
        // ≥ 30, iris–sclera contrast > 5, pupil/iris ratio 20–70 %, greyscale ≥ 6 bits, frontal
        // gaze, a margin around the iris). Factors a recogniser tolerates in part keep a floor.
        let score = 100
            * Ramp.rising(irisDiameter, from: Self.poorIrisDiameter, to: Self.goodIrisDiameter)
            * Ramp.rising(usable, from: 0.3, to: 0.7)
            * (0.3 + 0.7 * Ramp.rising(sharpness, from: Self.blurredSharpness, to: Self.sharpSharpness))
            * (0.5 + 0.5 * Ramp.rising(contrast, from: 10, to: 30))
            * (0.5 + 0.5 * Ramp.rising(scleraContrast, from: 0, to: 5))
            * (0.5 + 0.5 * Ramp.plateau(ratio, ideal: 0.2...0.7, acceptable: 0.1...0.8))
            * (0.5 + 0.5 * Ramp.rising(greyscale, from: 4, to: Self.fullGreyscale))
            * Ramp.rising(pupil.circularity, from: Self.offAxisCircularity, to: Self.frontalCircularity)
            * (0.4 + 0.6 * Ramp.rising(margin, from: -0.5, to: Self.minimumMargin))

        var guidance: [Guidance] = []
        let offAxis = pupil.circularity < Self.lookAtCameraCircularity
        if offAxis { guidance.append(.lookAtCamera) }
        if usable < 0.5 && !offAxis { guidance.append(.openEyes) }
        if irisDiameter < Self.goodIrisDiameter * 0.8 { guidance.append(.moveCloser) }
        if sharpness < Self.holdStillSharpness { guidance.append(.holdStill) }
        if margin < 0 { guidance.append(.centreEye) }
        if let exposureGuidance { guidance.append(exposureGuidance) }
        return QualityReport(modality: .iris, score: Int(score.rounded()), metrics: metrics, guidance: guidance)
    }

    private static func noEye(pupilFound: Bool, extra: Guidance?) -> QualityReport {
        QualityReport(
            modality: .iris, score: 0,
            metrics: [
                QualityMetric(name: MetricName.pupilFound, value: pupilFound ? 1 : 0),
                QualityMetric(name: MetricName.irisFound, value: 0),
            ],
            guidance: [.noEye] + (extra.map { [$0] } ?? []))
    }

    /// The pupil: start at the darkest uniform 16-pixel block, then refine the centroid and radius of
    /// dark pixels in a window that shrinks onto the disc (so eyelashes further out stop counting).
    /// That first pass thresholds just above the block's own levels, which finds only part of a pupil
    /// whose brightness varies (uneven light, JPEG) or that holds the camera's reflections. When what
    /// it found is not a round dark disc, a second pass thresholds part of the way from the pupil to the ring
    /// around the first disc, and counts reflections (pixels far brighter than that ring) as pupil:
    /// near-infrared iris cameras put their illuminators' glints inside the pupil. Only then, because
    /// the higher threshold also takes in lashes that touch a clean pupil's edge.
    @_optimize(speed)
    private mutating func findPupil(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> Pupil? {
        let grid = BlockGrid(width: width, height: height, blockSize: 16)
        guard !grid.isEmpty else { return nil }
        stats.measure(pixels, width: width, grid: grid)
        var best = -1
        var bestValue = Double.infinity
        for index in 0..<grid.count {
            let value = stats.mean[index] + 2 * stats.variance[index].squareRoot()
            if value < bestValue { bestValue = value; best = index }
        }
        guard best >= 0 else { return nil }
        let level = stats.mean[best]
        // A block that holds a glint or the pupil's edge has a spread that says nothing of the pupil's noise.
        var threshold = level + 3 * min(stats.variance[best].squareRoot(), Self.pupilNoise) + 12
        var reflection = 256.0
        var (cx, cy) = grid.centre(column: best % grid.columns, row: best / grid.columns)
        var window = Double(min(width, height)) * 0.25
        // A first-pass disc that is not round may be the darker part of an unevenly lit pupil: kept, unless the
        // second pass finds a rounder one (an eye looking away stays an ellipse at any threshold).
        var firstFound: Pupil?
        for pass in 0..<2 {
            guard let disc = Self.darkDisc(pixels, width: width, height: height, x: cx, y: cy, window: window,
                                           threshold: threshold, reflection: reflection),
                  disc.radius >= 4, disc.radius <= Double(min(width, height)) * Self.largestPupil else { return firstFound }
            (cx, cy) = (disc.x, disc.y)
            // A disc: mostly dark inside, clearly brighter in a ring around it.
            let inside = ringMean(pixels, width: width, height: height, x: cx, y: cy,
                                  from: 0, to: disc.radius * 0.7, threshold: threshold, reflection: reflection)
            let around = ringMean(pixels, width: width, height: height, x: cx, y: cy,
                                  from: disc.radius * 1.3, to: disc.radius * 1.8, threshold: threshold, reflection: reflection)
            guard let inside, let around else { return firstFound }
            if around.mean - inside.mean >= Self.minimumPupilStep, inside.darkFraction >= Self.pupilDarkShare[pass] {
                let pupil = Pupil(x: cx, y: cy, radius: disc.radius, level: inside.mean, threshold: threshold,
                                  circularity: disc.circularity)
                if pass == 1 { return pupil.circularity > firstFound?.circularity ?? 0 ? pupil : firstFound }
                if pupil.circularity >= Self.lookAtCameraCircularity { return pupil }
                firstFound = pupil
            }
            guard pass == 0 else { return firstFound }
            threshold = max(threshold, level + Self.pupilThresholdShare * (around.mean - level))
            reflection = max(Self.reflectionLevel, (around.mean + 255) / 2)
            window = disc.radius * Self.secondPassWindow
        }
        return firstFound
    }

    /// Largest grey-level spread (standard deviation) of the darkest block taken as the pupil's own noise.
    static let pupilNoise = 8.0
    /// Largest pupil radius, as a share of the frame's shorter side. A dilated pupil of an eye that fills the
    /// frame is over a fifth (IITD's 320×240 camera: up to about 0.22, lashes at its edge included); a dark
    /// disc much larger is pupil and iris taken together by a threshold set too high.
    static let largestPupil = 0.3
    /// Share of the middle of the disc (to 0.7 of its radius) that must be pupil (dark or a reflection), in the
    /// first pass and the second: a reflection's rim, smeared by the optics and JPEG, is neither.
    static let pupilDarkShare = [0.8, 0.7]
    /// The second pass's threshold: this share of the way from the darkest block's level to the ring around the
    /// first pass's disc.
    static let pupilThresholdShare = 0.5
    /// Pixels at least this bright (or halfway from the ring around the pupil to white, if brighter) are
    /// reflections; inside the pupil they count as pupil.
    static let reflectionLevel = 200.0
    /// The second pass starts from a window this many times the first disc's radius (it shrinks onto the disc).
    static let secondPassWindow = 1.8

    private struct DarkDisc {
        var x: Double, y: Double, radius: Double, circularity: Double
    }

    /// Centroid, radius (from the area) and axis ratio of the pixels at or below `threshold` (or at or above
    /// `reflection`) within a circular window around (x, y), five times over, the window shrinking to 1.4 times
    /// the radius found; `nil` when the window holds no such pixel.
    @_optimize(speed)
    private static func darkDisc(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, x: Double, y: Double, window start: Double,
        threshold: Double, reflection: Double
    ) -> DarkDisc? {
        var cx = x, cy = y, window = start
        var radius = 0.0, circularity = 1.0
        for _ in 0..<5 {
            // Moments about the previous centre, so the sums stay small and exact enough.
            var count = 0.0, sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumYY = 0.0, sumXY = 0.0
            let x0 = max(0, Int(cx - window)), x1 = min(width - 1, Int(cx + window))
            let y0 = max(0, Int(cy - window)), y1 = min(height - 1, Int(cy + window))
            guard x1 > x0, y1 > y0 else { return nil }
            let windowSquared = window * window
            for y in y0...y1 {
                let dy = Double(y) - cy
                for x in x0...x1 {
                    let value = Double(pixels[y * width + x])
                    guard value <= threshold || value >= reflection else { continue }
                    let dx = Double(x) - cx
                    if dx * dx + dy * dy <= windowSquared {
                        count += 1; sumX += dx; sumY += dy
                        sumXX += dx * dx; sumYY += dy * dy; sumXY += dx * dy
                    }
                }
            }
            guard count > 0 else { return nil }
            let meanX = sumX / count, meanY = sumY / count
            cx += meanX
            cy += meanY
            radius = (count / Double.pi).squareRoot()
            window = max(4, radius * 1.4)
            circularity = axisRatio(xx: sumXX / count - meanX * meanX, yy: sumYY / count - meanY * meanY,
                                    xy: sumXY / count - meanX * meanY)
        }
        return DarkDisc(x: cx, y: cy, radius: radius, circularity: circularity)
    }

    /// Minor over major axis of the ellipse with these second moments: 1 for a disc, cos θ for a
    /// disc seen θ off its axis (an eye looking away from the camera).
    static func axisRatio(xx: Double, yy: Double, xy: Double) -> Double {
        let half = (xx + yy) / 2
        let spread = (pow2((xx - yy) / 2) + xy * xy).squareRoot()
        let major = half + spread, minor = max(0, half - spread)
        guard major > 1e-9 else { return 0 }
        return (minor / major).squareRoot()
    }

    private struct RingSummary {
        var mean: Double
        var darkCount: Int
        var count: Int
        var darkFraction: Double { count > 0 ? Double(darkCount) / Double(count) : 0 }
    }

    /// Mean grey level of the ring between `from` and `to` around (x, y), reflections (`reflection` or
    /// brighter) left out, and how many of its pixels are pupil: at or below the threshold, or reflections.
    @_optimize(speed)
    private func ringMean(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        x: Double, y: Double, from inner: Double, to outer: Double, threshold: Double, reflection: Double
    ) -> RingSummary? {
        let x0 = max(0, Int(x - outer)), x1 = min(width - 1, Int(x + outer))
        let y0 = max(0, Int(y - outer)), y1 = min(height - 1, Int(y + outer))
        guard x1 >= x0, y1 >= y0 else { return nil }
        var sum = 0.0, count = 0, dark = 0, reflections = 0
        for row in y0...y1 {
            let dy = Double(row) - y
            for column in x0...x1 {
                let dx = Double(column) - x
                let distanceSquared = dx * dx + dy * dy
                guard distanceSquared >= inner * inner, distanceSquared <= outer * outer else { continue }
                let value = Double(pixels[row * width + column])
                if value >= reflection { reflections += 1; continue }
                sum += value
                count += 1
                if value <= threshold { dark += 1 }
            }
        }
        guard count > 0 else { return nil }
        return RingSummary(mean: sum / Double(count), darkCount: dark + reflections, count: count + reflections)
    }

    struct Iris {
        var x: Double
        var y: Double
        var radius: Double
        var level: Double
        var scleraLevel: Double
    }

    /// The iris boundary: on each lateral side, the radius with the largest rise in mean grey level
    /// (iris → sclera) over a 4-pixel step.
    @_optimize(speed)
    private mutating func findIris(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, pupil: Pupil
    ) -> Iris? {
        let minimum = Int(pupil.radius * 1.35) + 2
        let maximum = min(leftProfile.count - 6, Int(pupil.radius * 4.5) + 3, Int(Double(min(width, height)) * 0.6))
        guard maximum > minimum + 4 else { return nil }
        for radius in 0..<maximum + 6 {
            rightProfile[radius] = Self.arcMean(pixels, width: width, height: height,
                                                x: pupil.x, y: pupil.y, radius: Double(radius), rays: Self.rightRays)
            leftProfile[radius] = Self.arcMean(pixels, width: width, height: height,
                                               x: pupil.x, y: pupil.y, radius: Double(radius), rays: Self.leftRays)
        }
        guard let (radius, offset) = Self.jointBoundary(right: rightProfile, left: leftProfile,
                                                        from: minimum, to: maximum) else { return nil }
        let ratio = pupil.radius / radius
        guard ratio >= 0.12, ratio <= 0.85 else { return nil }
        var irisSum = 0.0, irisCount = 0.0, scleraSum = 0.0, scleraCount = 0.0
        let irisStart = Int(pupil.radius * 1.2) + 1
        for r in irisStart..<max(irisStart + 1, Int(radius * 0.9)) where r < maximum {
            if leftProfile[r] >= 0 { irisSum += leftProfile[r]; irisCount += 1 }
            if rightProfile[r] >= 0 { irisSum += rightProfile[r]; irisCount += 1 }
        }
        for r in (Int(radius) + 4)..<(Int(radius) + 10) where r < maximum + 6 {
            if leftProfile[r] >= 0 { scleraSum += leftProfile[r]; scleraCount += 1 }
            if rightProfile[r] >= 0 { scleraSum += rightProfile[r]; scleraCount += 1 }
        }
        guard irisCount > 0 else { return nil }
        let level = irisSum / irisCount
        return Iris(x: pupil.x + offset, y: pupil.y, radius: radius, level: level,
                    scleraLevel: scleraCount > 0 ? scleraSum / scleraCount : level + 40)
    }

    /// Mean grey level at `radius` along `rays`; −1 when every sample falls outside the image.
    @_optimize(speed)
    private static func arcMean(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        x: Double, y: Double, radius: Double, rays: [(Double, Double)]
    ) -> Double {
        var sum = 0, count = 0
        for (cosine, sine) in rays {
            let px = Int((x + radius * cosine).rounded()), py = Int((y + radius * sine).rounded())
            guard px >= 0, px < width, py >= 0, py < height else { continue }
            sum += Int(pixels[py * width + px])
            count += 1
        }
        return count > 0 ? Double(sum) / Double(count) : -1
    }

    /// The iris boundary as one circle (after Daugman's integro-differential operator, on the
    /// lateral arcs): the radius and horizontal centre shift where the grey level rises most on
    /// both sides together. Eyelid, lash and eye-corner edges rise on one side only, so they lose
    /// to the iris edge even where they are stronger on their side. A side cut off by the frame
    /// counts as the other side's rise. `nil` when nothing rises by `minimumRise` grey levels.
    static let minimumRise = 6.0
    @_optimize(speed)
    private static func jointBoundary(right: [Double], left: [Double], from: Int, to: Int) -> (radius: Double, offset: Double)? {
        func rise(_ profile: [Double], at radius: Int) -> Double? {
            guard radius - 5 >= 0, radius + 5 < profile.count else { return nil }
            var inner = 0.0, outer = 0.0
            for offset in 1...5 {
                let before = profile[radius - offset], after = profile[radius + offset]
                guard before >= 0, after >= 0 else { return nil }
                inner += before
                outer += after
            }
            return (outer - inner) / 5
        }
        // Best joint rise at each radius, over the centre shifts.
        var scores: [(score: Double, shift: Int)] = []
        for radius in max(6, from)..<to {
            // The iris centre sits within about a tenth of its radius of the pupil's.
            let maximumShift = max(1, radius / 10)
            var best = (score: -Double.infinity, shift: 0)
            for shift in -maximumShift...maximumShift {
                let rightRise = rise(right, at: radius + shift), leftRise = rise(left, at: radius - shift)
                guard rightRise != nil || leftRise != nil else { continue }
                let score = (rightRise ?? leftRise ?? 0) + (leftRise ?? rightRise ?? 0)
                if score > best.score { best = (score, shift) }
            }
            scores.append(best)
        }
        let strongest = scores.map(\.score).max() ?? 0
        guard strongest >= 2 * minimumRise else { return nil }
        // The innermost strong peak: outside the iris the sclera meets skin and eye corners,
        // whose edges can be as strong.
        for index in scores.indices where scores[index].score >= 0.6 * strongest {
            let previous = index > 0 ? scores[index - 1].score : -Double.infinity
            let next = index + 1 < scores.count ? scores[index + 1].score : -Double.infinity
            if scores[index].score >= previous && scores[index].score >= next {
                return (Double(max(6, from) + index), Double(scores[index].shift))
            }
        }
        guard let best = scores.indices.max(by: { scores[$0].score < scores[$1].score }) else { return nil }
        let shiftBest = (radius: max(6, from) + best, shift: scores[best].shift)
        return (Double(shiftBest.radius), Double(shiftBest.shift))
    }
}
