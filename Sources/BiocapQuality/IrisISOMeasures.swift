import Foundation

/// The ISO/IEC 29794-6 iris quality measures that need only the image and the two circles:
/// sharpness (6.2.10), usable iris area (6.2.1), iris–sclera and iris–pupil contrast (6.2.2, 6.2.3)
/// and greyscale utilisation (6.2.5). Buffers are kept between frames.
struct IrisISOMeasures {
    /// A circle in image pixels with the typical grey level inside it.
    struct Circle {
        var x: Double, y: Double, radius: Double
    }

    /// ISO/IEC 29794-6's 9 × 9 focus kernel "F": a Laplacian of Gaussian tuned to iris texture
    /// (a band-pass peaking near a quarter of the sampling rate), with zero sum.
    static let focusKernel: [Int] = [
        0, 1, 1, 2, 2, 2, 1, 1, 0,
        1, 2, 4, 5, 5, 5, 4, 2, 1,
        1, 4, 5, 3, 0, 3, 5, 4, 1,
        2, 5, 3, -12, -24, -12, 3, 5, 2,
        2, 5, 0, -24, -40, -24, 0, 5, 2,
        2, 5, 3, -12, -24, -12, 3, 5, 2,
        1, 4, 5, 3, 0, 3, 5, 4, 1,
        1, 2, 4, 5, 5, 5, 4, 2, 1,
        0, 1, 1, 2, 2, 2, 1, 1, 0,
    ]
    /// The standard's half-power constant c: sharpness = 100 · power² / (power² + c²).
    static let focusHalfPower = 180_000.0
    /// Grey levels at or above this are specular highlights (NIR illuminator reflections).
    static let specularLevel: UInt8 = 230
    /// A pixel this far above the iris's typical level (in robust standard deviations, and at least
    /// `minimumBrightStep` grey levels) is eyelid skin or sclera; this far towards the pupil's
    /// level is an eyelash or shadow.
    static let brightDeviations = 3.0
    static let minimumBrightStep = 25.0
    static let darkFraction = 0.4
    /// An eyelid hides whole rows: scanning away from the iris centre, once a row of the annulus is
    /// more than this fraction occluded, every row beyond it is too.
    static let eyelidRowFraction = 0.5

    private var samples: [UInt8] = []
    private var rowOccluded: [Int] = []
    private var rowTotal: [Int] = []

    /// ISO/IEC 29794-6 sharpness (0–100) of the whole image: the focus kernel's response sampled
    /// every fourth row and column, its power per image pixel, and the standard's normalisation.
    @_optimize(speed)
    static func sharpness(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> Double {
        guard width > 8, height > 8, let base = pixels.baseAddress else { return 0 }
        var power = 0.0
        focusKernel.withUnsafeBufferPointer { kernelBuffer in
            guard let kernel = kernelBuffer.baseAddress else { return }
            var y = 4
            while y < height - 4 {
                var x = 4
                while x < width - 4 {
                    var response = 0
                    var k = 0
                    var row = base + (y - 4) * width + (x - 4)
                    for _ in 0..<9 {
                        for column in 0..<9 {
                            response &+= kernel[k] &* Int(row[column])
                            k &+= 1
                        }
                        row += width
                    }
                    power += Double(response) * Double(response)
                    x &+= 4
                }
                y &+= 4
            }
        }
        power /= Double(width * height)
        return 100 * power * power / (power * power + focusHalfPower * focusHalfPower)
    }

    /// Greyscale utilisation (ISO/IEC 29794-6 6.2.5): the entropy of the grey-level histogram in
    /// bits. The standard asks for 6 or more.
    static func greyscaleUtilisation(_ histogram: [Int]) -> Double {
        let total = Double(histogram.reduce(0, +))
        guard total > 0 else { return 0 }
        var entropy = 0.0
        for count in histogram where count > 0 {
            let p = Double(count) / total
            entropy -= p * log2(p)
        }
        return entropy
    }

    /// Median grey level of the pixels between `inner` and `outer` (multiples of `circle.radius`)
    /// around the circle's centre, skipping highlights; `nil` when none is in the frame.
    @_optimize(speed)
    mutating func ringMedian(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, around circle: Circle,
        from inner: Double, to outer: Double, lateralOnly: Bool = false
    ) -> Double? {
        samples.removeAll(keepingCapacity: true)
        let rInner = circle.radius * inner, rOuter = circle.radius * outer
        let y0 = max(0, Int(circle.y - rOuter)), y1 = min(height - 1, Int(circle.y + rOuter))
        let x0 = max(0, Int(circle.x - rOuter)), x1 = min(width - 1, Int(circle.x + rOuter))
        guard y1 >= y0, x1 >= x0 else { return nil }
        for y in y0...y1 {
            let dy = Double(y) - circle.y
            // Lateral sectors (±30° about the horizontal) are rarely touched by eyelids.
            if lateralOnly && abs(dy) > rOuter * 0.5 { continue }
            for x in x0...x1 {
                let dx = Double(x) - circle.x
                let d2 = dx * dx + dy * dy
                guard d2 >= rInner * rInner, d2 <= rOuter * rOuter else { continue }
                let value = pixels[y * width + x]
                if value < Self.specularLevel { samples.append(value) }
            }
        }
        guard !samples.isEmpty else { return nil }
        samples.sort()
        return Double(samples[samples.count / 2])
    }

    /// Iris–sclera contrast (6.2.2): how far the sclera stands above the iris, relative to the
    /// iris's and sclera's height above the pupil, in percent.
    static func irisScleraContrast(pupil: Double, iris: Double, sclera: Double) -> Double {
        let divisor = sclera + iris - 2 * pupil
        guard divisor > 0 else { return 0 }
        return max(0, 100 * (sclera - iris) / divisor)
    }

    /// Iris–pupil contrast (6.2.3): the Weber ratio of iris to pupil (with 20 grey levels of
    /// camera offset), mapped to 0–100 so that a ratio of 0.75 gives 50.
    static func irisPupilContrast(pupil: Double, iris: Double) -> Double {
        let weber = (iris - pupil) / (20 + pupil)
        guard weber > 0 else { return 0 }
        return 100 * weber / (0.75 + weber)
    }

    /// Usable iris area (6.2.1): the fraction of the annulus between the pupil and iris circles
    /// that shows iris, not eyelid, eyelash, a highlight or the frame's edge. Eyelids and
    /// sclera are brighter than the iris, lashes and shadows darker (towards the pupil's level);
    /// an eyelid also hides every row beyond its edge.
    @_optimize(speed)
    mutating func usableArea(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        pupil: Circle, iris: Circle, pupilLevel: Double
    ) -> Double {
        // The iris's typical level and spread, from its lateral sectors.
        guard let reference = ringMedian(pixels, width: width, height: height, around: iris,
                                         from: 0.55, to: 0.9, lateralOnly: true) else { return 0 }
        var deviations = samples.map { abs(Double($0) - reference) }
        deviations.sort()
        let spread = 1.4826 * (deviations.isEmpty ? 10 : deviations[deviations.count / 2])
        let bright = reference + max(Self.minimumBrightStep, Self.brightDeviations * spread)
        let dark = pupilLevel + Self.darkFraction * (reference - pupilLevel)

        let top = Int((iris.y - iris.radius).rounded(.down)), bottom = Int((iris.y + iris.radius).rounded(.up))
        let rows = bottom - top + 1
        if rowTotal.count < rows {
            rowTotal = [Int](repeating: 0, count: rows)
            rowOccluded = rowTotal
        }
        for index in 0..<rows { rowTotal[index] = 0; rowOccluded[index] = 0 }
        let innerRadius = pupil.radius + 2
        for row in top...bottom {
            let dy = Double(row) - iris.y
            let halfChord = (iris.radius * iris.radius - dy * dy)
            guard halfChord > 0 else { continue }
            let half = halfChord.squareRoot()
            // Near the top and bottom rows a chord narrower than a pixel may hold no pixel centre at all.
            let first = Int((iris.x - half).rounded(.up)), last = Int((iris.x + half).rounded(.down))
            guard first <= last else { continue }
            for column in first...last {
                let pdx = Double(column) - pupil.x, pdy = Double(row) - pupil.y
                guard pdx * pdx + pdy * pdy >= innerRadius * innerRadius else { continue }
                rowTotal[row - top] += 1
                guard column >= 0, column < width, row >= 0, row < height else {
                    rowOccluded[row - top] += 1
                    continue
                }
                let value = pixels[row * width + column]
                if value >= Self.specularLevel || Double(value) > bright || Double(value) < dark {
                    rowOccluded[row - top] += 1
                }
            }
        }
        // Eyelids: from the centre row outwards, up and down.
        let centre = min(rows - 1, max(0, Int(iris.y.rounded()) - top))
        for direction in [-1, 1] {
            var index = centre, lidReached = false
            while index >= 0 && index < rows {
                if lidReached {
                    rowOccluded[index] = rowTotal[index]
                } else if rowTotal[index] > 0,
                          Double(rowOccluded[index]) > Self.eyelidRowFraction * Double(rowTotal[index]),
                          abs(index - centre) > Int(pupil.radius) {
                    lidReached = true
                    rowOccluded[index] = rowTotal[index]
                }
                index += direction
            }
        }
        var total = 0, occluded = 0
        for index in 0..<rows { total += rowTotal[index]; occluded += rowOccluded[index] }
        return total > 0 ? Double(total - occluded) / Double(total) : 0
    }
}
