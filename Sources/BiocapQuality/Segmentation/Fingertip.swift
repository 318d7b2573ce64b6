import BiocapCore
import Foundation

/// The distal phalanx of one finger region: its axis, where it is cut from the rest of the finger, and its
/// boxes, measured on the finding grid.
struct Fingertip {
    var box: FingerSegment.Box
    var oriented: FingerSegment.OrientedBox
    /// The highest point of the fingertip (smallest y), pixels: the height the hand layout compares.
    var topY: Double
    /// Centre of the fingertip's cells, pixels.
    var centreX: Double
    /// Fingertip area, square inches.
    var area: Double
    /// Mean grey-level deviation of its ridge cells: a latent print or a smear is much fainter than a finger.
    var contrast: Double

    /// A region shorter than this along its axis, or thinner, is not a finger.
    static let minimumAreaSquareInches = 0.12
    /// Below this eigenvalue ratio (elongation² of the cells' spread) the region's own axis is not trusted.
    static let minimumElongation = 1.5
    /// Tilts beyond this (degrees) are not a finger on a slap platen: the axis falls back to the hand's.
    static let maximumTiltDegrees = 60.0
    /// Where a crease may cut the distal phalanx, inches from its top, and how many of the ridge cells of a band
    /// across the fingertip's upper part (`creaseReferenceInches`) a band may keep to count as the crease.
    static let creaseSearchInches = 0.4...1.15
    static let creaseReferenceInches = 0.15...0.5
    static let creaseShare = 0.5

    /// Measures the fingertip of `region` (cell indices of `cells`) along `tilt` (radians clockwise, from
    /// `tilt(of:…)`): cut at the first crease or `maximumLength` pixels below its top, whichever comes first; `nil`
    /// when what remains is too small.
    static func measure(_ region: [Int], tilt: Double, cells: SegmentationCells, ppi: Double, maximumLength: Double) -> Fingertip? {
        guard !region.isEmpty else { return nil }
        let (distal, tilt) = cut(region, tilt: tilt, cells: cells, ppi: ppi, maximumLength: maximumLength)
        let size = Double(cells.cellSize)
        let area = Double(distal.count) * size * size / (ppi * ppi)
        guard area >= minimumAreaSquareInches else { return nil }

        let (c, s) = (cos(tilt), sin(tilt))
        var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
        var lowAcross = Double.infinity, highAcross = -Double.infinity
        var lowAlong = Double.infinity, highAlong = -Double.infinity
        var sumX = 0.0, contrast = 0.0, ridgeCells = 0
        for cell in distal {
            let column = cell % cells.columns, row = cell / cells.columns
            minX = min(minX, column); maxX = max(maxX, column)
            minY = min(minY, row); maxY = max(maxY, row)
            let x = (Double(column) + 0.5) * size, y = (Double(row) + 0.5) * size
            sumX += x
            let across = x * c + y * s, along = x * s - y * c
            lowAcross = min(lowAcross, across); highAcross = max(highAcross, across)
            lowAlong = min(lowAlong, along); highAlong = max(highAlong, along)
            if cells.ridge[cell] {
                contrast += Double(cells.deviation[cell])
                ridgeCells += 1
            }
        }
        let cellSize = cells.cellSize
        let box = FingerSegment.Box(x: minX * cellSize, y: minY * cellSize,
                                    width: (maxX - minX + 1) * cellSize, height: (maxY - minY + 1) * cellSize)
        let midAcross = (lowAcross + highAcross) / 2, midAlong = (lowAlong + highAlong) / 2
        let oriented = FingerSegment.OrientedBox(
            centreX: midAcross * c + midAlong * s, centreY: midAcross * s - midAlong * c,
            width: highAcross - lowAcross + size, height: highAlong - lowAlong + size,
            angle: tilt * 180 / Double.pi)
        return Fingertip(box: box, oriented: oriented, topY: Double(minY * cellSize), centreX: sumX / Double(distal.count),
                         area: area, contrast: ridgeCells > 0 ? contrast / Double(ridgeCells) : 0)
    }

    /// Whether this region lies on `finger`'s axis just below its fingertip: a lower phalanx cut off from its
    /// fingertip by a wide crease (or a palm heel under the finger), not a finger of its own. Judged by its centre
    /// alone in `finger`'s frame (its own axis is unreliable: a phalanx is often as wide as it is long): within
    /// 0.6 of the fingertip's width across, and from the fingertip's lower end to 0.8 inch below it.
    func liesBelow(_ finger: Fingertip, ppi: Double) -> Bool {
        guard topY > finger.topY else { return false }
        let angle = finger.oriented.angle * Double.pi / 180
        let dx = oriented.centreX - finger.oriented.centreX, dy = oriented.centreY - finger.oriented.centreY
        let across = dx * cos(angle) + dy * sin(angle), below = -(dx * sin(angle) - dy * cos(angle))
        return abs(across) <= 0.6 * finger.oriented.width
            && below >= finger.oriented.height / 2 - 0.1 * ppi && below <= finger.oriented.height / 2 + 0.8 * ppi
    }

    /// The tilt (radians, clockwise from vertical) of the long axis of `region`'s cells; `nil` when they are
    /// too round to say or lie flatter than a finger can.
    static func axisTilt(_ region: [Int], cells: SegmentationCells) -> Double? {
        guard region.count >= 6 else { return nil }
        var sumX = 0.0, sumY = 0.0
        for cell in region {
            sumX += Double(cell % cells.columns)
            sumY += Double(cell / cells.columns)
        }
        let n = Double(region.count)
        let (meanX, meanY) = (sumX / n, sumY / n)
        var xx = 0.0, yy = 0.0, xy = 0.0
        for cell in region {
            let dx = Double(cell % cells.columns) - meanX, dy = Double(cell / cells.columns) - meanY
            xx += dx * dx; yy += dy * dy; xy += dx * dy
        }
        let half = (xx + yy) / 2, spread = (pow((xx - yy) / 2, 2) + xy * xy).squareRoot()
        let major = half + spread, minor = half - spread
        guard minor > 0, major / minor >= minimumElongation else { return nil }
        // The long axis, pointed up (image y grows downwards).
        let direction = 0.5 * atan2(2 * xy, xx - yy)
        var (dx, dy) = (cos(direction), sin(direction))
        if dy > 0 { (dx, dy) = (-dx, -dy) }
        let tilt = atan2(dx, -dy)
        return abs(tilt) <= maximumTiltDegrees * Double.pi / 180 ? tilt : nil
    }

    /// The axis of `region`: from the spread of its cells refined along its midline when the region is elongated;
    /// else (a round fingertip cut off from the rest of its finger) `handTilt`, refined along the midline by at most
    /// 15°.
    static func tilt(of region: [Int], handTilt: Double, cells: SegmentationCells, length: Double) -> Double {
        if let own = axisTilt(region, cells: cells) { return midline(region, from: own, cells: cells, length: length) }
        let limit = 15 * Double.pi / 180
        let refined = midline(region, from: handTilt, cells: cells, length: length)
        return max(handTilt - limit, min(handTilt + limit, refined))
    }

    /// The finger's axis refined from `tilt`: the line through the middles of the region's bands across the finger
    /// over `length` pixels from its top, fitted by least squares (weighted by the band widths) and followed until
    /// it turns less than a degree. The spread of the cells alone is thrown off by a neighbour's corner or a middle
    /// phalanx wider than the tip; the middle of the finger is not.
    static func midline(_ region: [Int], from tilt: Double, cells: SegmentationCells, length: Double) -> Double {
        let size = Double(cells.cellSize)
        let limit = maximumTiltDegrees * Double.pi / 180
        var tilt = tilt
        for _ in 0..<4 {
            let (c, s) = (cos(tilt), sin(tilt))
            var top = -Double.infinity
            for cell in region {
                let x = Double(cell % cells.columns), y = Double(cell / cells.columns)
                top = max(top, x * s - y * c)
            }
            let bandCount = Int(length / size) + 1
            var count = [Double](repeating: 0, count: bandCount), sumAcross = count
            for cell in region {
                let x = Double(cell % cells.columns), y = Double(cell / cells.columns)
                let band = Int(top - (x * s - y * c))
                guard band < bandCount else { continue }
                count[band] += 1
                sumAcross[band] += x * c + y * s
            }
            // Weighted least squares of the band middles against depth.
            var weight = 0.0, meanDepth = 0.0, meanAcross = 0.0
            for band in 0..<bandCount where count[band] >= 3 {
                weight += count[band]
                meanDepth += count[band] * Double(band)
                meanAcross += sumAcross[band]
            }
            guard weight > 0 else { return tilt }
            meanDepth /= weight
            meanAcross /= weight
            var covariance = 0.0, variance = 0.0
            for band in 0..<bandCount where count[band] >= 3 {
                let depth = Double(band) - meanDepth
                covariance += count[band] * depth * (sumAcross[band] / count[band] - meanAcross)
                variance += count[band] * depth * depth
            }
            guard variance > 0 else { return tilt }
            // The middle drifting across as it goes down means the finger leans the other way.
            let turn = -atan(covariance / variance)
            tilt = max(-limit, min(limit, tilt + turn))
            if abs(turn) < Double.pi / 180 { break }
        }
        return tilt
    }

    /// Tilts tried around the axis when looking for the crease, radians: an axis a few degrees off smears a
    /// narrow crease over several bands.
    static let creaseTilts = stride(from: -12.0, through: 12.0, by: 4.0).map { $0 * Double.pi / 180 }

    /// The cells of `region` within the distal phalanx and the axis it was cut along: from the top down to the
    /// first crease (a band across the finger with under half the ridge cells of the bands above, ridges resuming
    /// below it) found along `tilt` or up to 12° beside it (the clearest crease wins, and its tilt: a crease runs
    /// across the finger), else `maximumLength` pixels along `tilt`.
    static func cut(_ region: [Int], tilt: Double, cells: SegmentationCells, ppi: Double, maximumLength: Double)
        -> (cells: [Int], tilt: Double) {
        var best: (ratio: Double, length: Double, tilt: Double)?
        for offset in creaseTilts {
            guard let crease = crease(region, tilt: tilt + offset, cells: cells, ppi: ppi, maximumLength: maximumLength) else { continue }
            if crease.ratio < best?.ratio ?? .infinity { best = (crease.ratio, crease.length, tilt + offset) }
        }
        let chosenTilt = best?.tilt ?? tilt
        let length = best?.length ?? maximumLength
        let depth = depths(region, tilt: chosenTilt, cells: cells)
        return (region.indices.filter { depth[$0] < length }.map { region[$0] }, chosenTilt)
    }

    /// Each cell's depth below the region's top along `tilt`, pixels.
    static func depths(_ region: [Int], tilt: Double, cells: SegmentationCells) -> [Double] {
        let size = Double(cells.cellSize)
        let (c, s) = (cos(tilt), sin(tilt))
        var depth = [Double](repeating: 0, count: region.count)
        var top = -Double.infinity
        for (i, cell) in region.enumerated() {
            let x = (Double(cell % cells.columns) + 0.5) * size, y = (Double(cell / cells.columns) + 0.5) * size
            depth[i] = x * s - y * c
            top = max(top, depth[i])
        }
        for i in depth.indices { depth[i] = top - depth[i] }
        return depth
    }

    /// The first crease along `tilt`: its depth below the top (pixels) and its ridge cells over the reference
    /// bands' (lower is clearer); `nil` when there is none.
    static func crease(_ region: [Int], tilt: Double, cells: SegmentationCells, ppi: Double, maximumLength: Double)
        -> (length: Double, ratio: Double)? {
        let size = Double(cells.cellSize)
        let depth = depths(region, tilt: tilt, cells: cells)
        // Bands one cell deep across the finger: how many cells with ridges.
        let bandCount = Int(min(maximumLength * 1.5, depth.max() ?? 0) / size) + 1
        var ridged = [Int](repeating: 0, count: bandCount)
        for (i, cell) in region.enumerated() {
            let band = Int(depth[i] / size)
            guard band < bandCount else { continue }
            if cells.ridge[cell] { ridged[band] += 1 }
        }
        // Ridge cells per band over the fingertip's upper part: how wide the ridged finger is.
        let referenceFirst = Int(creaseReferenceInches.lowerBound * ppi / size)
        let referenceLast = min(bandCount - 1, Int(creaseReferenceInches.upperBound * ppi / size))
        guard referenceFirst <= referenceLast else { return nil }
        var referenceRidges = 0.0
        for band in referenceFirst...referenceLast { referenceRidges += Double(ridged[band]) }
        referenceRidges /= Double(referenceLast - referenceFirst + 1)
        guard referenceRidges > 0 else { return nil }
        let first = Int(creaseSearchInches.lowerBound * ppi / size)
        let last = min(bandCount - 1, Int(min(creaseSearchInches.upperBound * ppi, maximumLength) / size))
        // The finger must go on with ridges within 0.25 inch below a crease: a fingertip's end is no crease.
        let resume = max(1, Int(0.25 * ppi / size))
        guard first <= last else { return nil }
        for band in first...last where Double(ridged[band]) < creaseShare * referenceRidges {
            for below in (band + 1)..<min(bandCount, band + 1 + resume) where Double(ridged[below]) >= creaseShare * referenceRidges {
                return (Double(band) * size, Double(ridged[band]) / referenceRidges)
            }
        }
        return nil
    }
}
