import BiocapCore
import Foundation

/// Finds each fingertip (distal phalanx) in a slap image and names it, the job of NIST's NFSEG.
///
/// 1. **Finding grid** (`SegmentationCells`): one pass over the pixels gives each 8 × 8 cell (at 500 ppi) its
///    grey deviation and ridge period; ridge cells, closed over 5 × 5 cells, are the finger area. Noise (too
///    fine), halos and shading (too coarse), faint latents (too weak) stay out.
/// 2. **Regions**: connected finger areas (`BlockComponents`); touching fingertips are cut apart at the notches
///    of their upper outline (`FingerRegionSplitter`).
/// 3. **Fingertips** (`Fingertip`): each region's axis from the spread of its cells, the distal phalanx cut at
///    the first crease or at `maximumLength` along the axis, its axis-aligned and oriented boxes.
/// 4. **Names** (`HandLayout`): the expected layout fitted to the fingertips names them, the missing positions
///    and extra regions, and checks the hand.
/// 5. **Scores**: the finger model (`FingerQuality`) on each fingertip's crop, the rest of the crop blanked.
///
/// Only the crops are read at full resolution after the first pass. Scratch buffers are kept between calls:
/// use one segmenter per thread (it is not `Sendable`), like `QualityAssessor`.
public final class SlapSegmenter {
    /// Distal phalanx length cut when no crease is seen, inches: fingertips of adults are about 0.9–1.1 inch from
    /// the top of the contact to the first crease, thumbs about 1.2.
    public static let fingertipLengthInches = 1.0
    public static let thumbLengthInches = 1.2
    /// A region whose ridges are fainter than this share of the strongest finger's is a latent print or smear.
    static let minimumRelativeContrast = 0.35

    private var cells = SegmentationCells()
    private var components = BlockComponents()
    private var quality = FingerQuality()
    private var cropScratch: [UInt8] = []

    public init() {}

    /// Segments `image`, a capture of `position` (`plain-right-four`, `plain-left-four`, `plain-thumbs`; a
    /// single finger is treated as a slap of one), expecting every finger of it except `excepted`.
    /// Resolution is `image.ppi`, else 500 ppi. Never fails: an empty, blank or malformed image gives no fingers.
    public func segment(_ image: GrayImage, position: FingerPosition, excepted: Set<FingerPosition> = []) -> SlapSegmentation {
        let ppi = Double(image.ppi.flatMap { FingerQuality.plausibleResolution.contains($0) ? $0 : nil } ?? 500)
        let scale = ppi / 500
        let expected = position.fingers.filter { !excepted.contains($0) }
        let nothing = SlapSegmentation(fingers: [], missing: expected, extra: 0, guidance: expected.isEmpty ? [] : [.placeFinger])
        guard image.width > 0, image.height > 0, image.pixels.count == image.width * image.height else { return nothing }
        image.pixels.withUnsafeBufferPointer { pixels in
            cells.measure(pixels, width: image.width, height: image.height,
                          cellSize: Int((Double(SegmentationCells.cellSizeAt500) * scale).rounded()), scale: scale)
        }
        guard cells.count > 0 else { return nothing }

        let maximumLength = (position == .plainThumbs || position == .leftThumb || position == .rightThumb
            ? Self.thumbLengthInches : Self.fingertipLengthInches) * ppi
        var tips = fingertips(ppi: ppi, maximumLength: maximumLength)
        guard !tips.isEmpty else { return nothing }
        tips.sort { $0.centreX < $1.centreX }

        let assignment = HandLayout.assign(tips, slap: position, excepted: excepted, imageWidth: image.width, ppi: ppi)
        var fingers: [FingerSegment] = []
        for (tip, finger) in zip(tips, assignment.positions) {
            guard let finger else { continue }
            let score = fingertipScore(image, tip)
            fingers.append(FingerSegment(position: finger, box: tip.box, orientedBox: tip.oriented, score: score))
        }
        var guidance: [Guidance] = []
        if fingers.isEmpty && !expected.isEmpty { guidance.append(.placeFinger) }
        if assignment.wrongHand { guidance.append(.wrongHand) }
        if assignment.extra > 0 { guidance.append(.extraFingers) }
        if !assignment.missing.isEmpty && !fingers.isEmpty { guidance.append(.fingerMissing) }
        return SlapSegmentation(fingers: fingers, missing: assignment.missing, extra: assignment.extra, guidance: guidance)
    }

    /// The fingertips of the finger areas found on the grid: regions split where fingertips touch, cut at the
    /// distal phalanx, small and faint ones dropped.
    private func fingertips(ppi: Double, maximumLength: Double) -> [Fingertip] {
        let count = components.label(cells.foreground, columns: cells.columns, rows: cells.rows)
        guard count > 0 else { return [] }
        let cellArea = pow(Double(cells.cellSize) / ppi, 2)
        let minimumCells = Int(Fingertip.minimumAreaSquareInches / cellArea)
        var members = [[Int]](repeating: [], count: count)
        for (index, label) in components.labels.enumerated() where label >= 0 && components.sizes[Int(label)] >= minimumCells {
            members[Int(label)].append(index)
        }
        var regions: [(cells: [Int], tilt: Double?)] = []
        for region in members where !region.isEmpty {
            let split = FingerRegionSplitter.split(region, ridge: cells.ridge, columns: cells.columns, cellSize: cells.cellSize, ppi: ppi)
            for part in split.parts { regions.append((part, split.tilt)) }
        }
        // Round regions take the tilt of the hand: the median of the elongated regions' axes.
        let length = maximumLength * 1.3
        let axes = regions.compactMap { region in
            Fingertip.axisTilt(region.cells, cells: cells).map { Fingertip.midline(region.cells, from: $0, cells: cells, length: length) }
        }.sorted()
        let handTilt = axes.isEmpty ? (regions.compactMap(\.tilt).first ?? 0) : axes[axes.count / 2]
        var measured: [(tip: Fingertip, cells: [Int], round: Bool)] = []
        for region in regions {
            let round = Fingertip.axisTilt(region.cells, cells: cells) == nil
            let tilt = Fingertip.tilt(of: region.cells, handTilt: handTilt, cells: cells, length: length)
            if let tip = Fingertip.measure(region.cells, tilt: tilt, cells: cells, ppi: ppi, maximumLength: maximumLength) {
                measured.append((tip, region.cells, round))
            }
        }
        // A round fingertip cut off from the rest of its finger by a wide crease: the rest, just below it, shows
        // which way the finger runs better than the hand's tilt does.
        for index in measured.indices where measured[index].round {
            let tip = measured[index].tip
            let below = measured.indices.filter { $0 != index }.compactMap { other -> (distance: Double, tilt: Double)? in
                let rest = measured[other].tip
                let dx = tip.oriented.centreX - rest.oriented.centreX, dy = tip.oriented.centreY - rest.oriented.centreY
                let distance = (dx * dx + dy * dy).squareRoot()
                let tilt = atan2(dx, -dy)
                guard rest.topY > tip.topY, dy < 0, abs(tilt - handTilt) < 40 * Double.pi / 180,
                      distance <= (tip.oriented.height + rest.oriented.height) / 2 + 0.5 * ppi else { return nil }
                return (distance, tilt)
            }.min { $0.distance < $1.distance }
            if let below, let refined = Fingertip.measure(measured[index].cells, tilt: below.tilt, cells: cells, ppi: ppi,
                                                          maximumLength: maximumLength) {
                measured[index].tip = refined
            }
        }
        var tips = measured.map(\.tip)
        let strongest = tips.map(\.contrast).max() ?? 0
        tips.removeAll { $0.contrast < Self.minimumRelativeContrast * strongest }
        let fingertips = tips
        tips.removeAll { tip in fingertips.contains { other in tip.liesBelow(other, ppi: ppi) } }
        return tips
    }

    /// The finger model's score of one fingertip: its axis-aligned crop with everything outside the oriented
    /// box set to the platen's grey, so a tilted neighbour's ridges do not count.
    @_optimize(speed)
    private func fingertipScore(_ image: GrayImage, _ tip: Fingertip) -> Int {
        let x0 = max(0, tip.box.x), y0 = max(0, tip.box.y)
        let x1 = min(image.width, tip.box.x + tip.box.width), y1 = min(image.height, tip.box.y + tip.box.height)
        guard x1 > x0, y1 > y0 else { return 0 }
        let width = x1 - x0, height = y1 - y0
        if cropScratch.count != width * height { cropScratch = [UInt8](repeating: 0, count: width * height) }
        let blank = UInt8(max(0, min(255, cells.backgroundLevel.rounded())))
        let box = tip.oriented
        let angle = box.angle * Double.pi / 180
        let (c, s) = (cos(angle), sin(angle))
        let halfWidth = box.width / 2, halfHeight = box.height / 2
        image.pixels.withUnsafeBufferPointer { source in
            cropScratch.withUnsafeMutableBufferPointer { target in
                for y in y0..<y1 {
                    let dy = Double(y) + 0.5 - box.centreY
                    let dx0 = Double(x0) + 0.5 - box.centreX
                    // Across and along the finger, stepped by (cos, sin) per pixel.
                    var across = dx0 * c + dy * s, along = dx0 * s - dy * c
                    for x in x0..<x1 {
                        let inside = abs(across) <= halfWidth && abs(along) <= halfHeight
                        target[(y - y0) * width + (x - x0)] = inside ? source[y * image.width + x] : blank
                        across += c
                        along += s
                    }
                }
            }
        }
        return cropScratch.withUnsafeBufferPointer { quality.fingertipScore($0, width: width, height: height, ppi: image.ppi) }
    }

    /// The fingertip's axis-aligned box cut out of `image` (clipped to it), pixels unchanged, `ppi` kept; a 1 × 1
    /// white image when the box lies outside the image.
    ///
    /// Axis-aligned rather than rotated upright: receiving systems (ANSI/NIST-ITL type 14 segment boxes, ISO/IEC
    /// 19794-4 finger views) expect the original pixels of the box, not resampled ones, and rotating would blur
    /// ridges and change the finger's geometry for matchers that take the image as captured. A tilted finger's
    /// box may hold a corner of its neighbour; `orientedBox` says where the finger itself lies.
    public static func crop(_ image: GrayImage, _ segment: FingerSegment) -> GrayImage {
        let x0 = max(0, segment.box.x), y0 = max(0, segment.box.y)
        let x1 = min(image.width, segment.box.x + max(0, segment.box.width))
        let y1 = min(image.height, segment.box.y + max(0, segment.box.height))
        guard x1 > x0, y1 > y0, image.pixels.count == image.width * image.height else {
            return GrayImage(width: 1, height: 1, fill: 255, ppi: image.ppi)
        }
        var pixels = [UInt8]()
        pixels.reserveCapacity((x1 - x0) * (y1 - y0))
        for y in y0..<y1 { pixels.append(contentsOf: image.pixels[(y * image.width + x0)..<(y * image.width + x1)]) }
        var result = GrayImage(width: x1 - x0, height: y1 - y0, ppi: image.ppi)
        result.pixels = pixels
        return result
    }
}
