/// Where WSQ's wavelet steps and its 64 subbands lie in an image of a given size (FBI IAFIS-IC-0110 v3.1, the
/// decomposition tree; NBIS `wsq/tree.c` is the reference these sizes were checked against).
///
/// The 20 `steps` are regions split in turn by one level of the 2-D transform (rows, then columns), 0 first; a
/// spectrally inverted direction puts the high-pass half before the low-pass half. The 64 `subbands` tile the
/// transformed image: 0–59 are quantised and coded in order, 60–63 (the finest diagonal detail) are dropped. Both
/// encoder and decoder derive the same tree from the width and height alone, so odd sizes must split exactly as
/// NBIS splits them (which is not always the way the transform's own halves fall).
struct WSQTree: Sendable {
    /// A region of the image: its top-left corner and size.
    struct Region: Sendable, Equatable {
        var x = 0, y = 0, width = 0, height = 0
        var area: Int { width * height }
    }

    /// A region split by one transform level, and whether each direction is spectrally inverted.
    struct Step: Sendable {
        var region = Region()
        var invertsRows = false
        var invertsColumns = false
    }

    /// Subbands 0–18 form block 1, 19–51 block 2, 52–59 block 3 (the three Huffman-coded blocks).
    static let blockRanges = [0..<19, 19..<52, 52..<60]
    /// Subbands that are coded at all.
    static let codedSubbands = 0..<60

    private(set) var steps = [Step](repeating: Step(), count: 20)
    private(set) var subbands = [Region](repeating: Region(), count: 64)

    init(width: Int, height: Int) {
        for index in [2, 4, 7, 9, 11, 13, 16, 18] { steps[index].invertsRows = true }
        for index in [3, 5, 8, 9, 12, 13, 17, 18] { steps[index].invertsColumns = true }
        splitStep(0, into: 1, width: width, height: height, x: 0, y: 0, keepFourth: false)

        let (half, otherHalf) = Self.halves(steps[1].region.width)
        let (halfY, otherHalfY) = Self.halves(steps[1].region.height)
        splitStep(4, into: 6, width: otherHalf, height: halfY, x: half, y: 0, keepFourth: true)
        splitStep(5, into: 10, width: half, height: otherHalfY, x: 0, y: halfY, keepFourth: true)
        splitStep(14, into: 15, width: half, height: halfY, x: 0, y: 0, keepFourth: true)
        steps[19].region = Region(x: 0, y: 0, width: (steps[15].region.width + 1) / 2, height: (steps[15].region.height + 1) / 2)

        // Order matters: later groups overwrite the first subbands of earlier ones, as in the specification.
        splitSixteen(from: 3, steps[14].region, rowsFirstSmaller: false, columnsFirstSmaller: false)
        splitSixteen(from: 19, steps[4].region, rowsFirstSmaller: false, columnsFirstSmaller: true)
        splitSixteen(from: 48, steps[0].region, rowsFirstSmaller: false, columnsFirstSmaller: false)
        splitSixteen(from: 35, steps[5].region, rowsFirstSmaller: true, columnsFirstSmaller: false)
        splitFour(from: 0, steps[19].region)
    }

    /// A length's two halves, the first one larger when it is odd.
    private static func halves(_ length: Int) -> (first: Int, second: Int) {
        length % 2 == 0 ? (length / 2, length / 2) : ((length + 1) / 2, (length - 1) / 2)
    }

    /// Records step `index` over a region and the four quadrants it produces as steps `first...first+3`
    /// (the fourth only when `keepFourth`). Steps 4 and 5 put the smaller half first on an odd length.
    private mutating func splitStep(_ index: Int, into first: Int, width: Int, height: Int, x: Int, y: Int, keepFourth: Bool) {
        steps[index].region = Region(x: x, y: y, width: width, height: height)
        let (left, right): (Int, Int) = width % 2 == 0 ? (width / 2, width / 2)
            : index == 4 ? ((width - 1) / 2, (width + 1) / 2) : ((width + 1) / 2, (width - 1) / 2)
        let (top, bottom): (Int, Int) = height % 2 == 0 ? (height / 2, height / 2)
            : index == 5 ? ((height - 1) / 2, (height + 1) / 2) : ((height + 1) / 2, (height - 1) / 2)
        steps[first].region = Region(x: x, y: y, width: left, height: top)
        steps[first + 1].region = Region(x: x + left, y: y, width: right, height: top)
        steps[first + 2].region = Region(x: x, y: y + top, width: left, height: bottom)
        if keepFourth { steps[first + 3].region = Region(x: x + left, y: y + top, width: right, height: bottom) }
    }

    /// Four subbands `first...first+3` as the quadrants of `region`, larger first on odd lengths.
    private mutating func splitFour(from first: Int, _ region: Region) {
        let (left, right) = Self.halves(region.width)
        let (top, bottom) = Self.halves(region.height)
        subbands[first] = Region(x: region.x, y: region.y, width: left, height: top)
        subbands[first + 1] = Region(x: region.x + left, y: region.y, width: right, height: top)
        subbands[first + 2] = Region(x: region.x, y: region.y + top, width: left, height: bottom)
        subbands[first + 3] = Region(x: region.x + left, y: region.y + top, width: right, height: bottom)
    }

    /// Sixteen subbands `first...first+15`: the region's quadrants, each split in four again. The first split may
    /// put the smaller half first (its direction was spectrally inverted); the second always puts the larger first.
    private mutating func splitSixteen(from first: Int, _ region: Region, rowsFirstSmaller: Bool, columnsFirstSmaller: Bool) {
        let (left, right): (Int, Int) = region.width % 2 == 0 ? (region.width / 2, region.width / 2)
            : columnsFirstSmaller ? ((region.width - 1) / 2, (region.width + 1) / 2) : Self.halves(region.width)
        let (top, bottom): (Int, Int) = region.height % 2 == 0 ? (region.height / 2, region.height / 2)
            : rowsFirstSmaller ? ((region.height - 1) / 2, (region.height + 1) / 2) : Self.halves(region.height)
        // Top-left quadrant: larger halves first.
        let (leftA, leftB) = Self.halves(left)
        let (topA, topB) = Self.halves(top)
        // Top-right quadrant: an odd width puts the smaller half first.
        let (rightA, rightB): (Int, Int) = right % 2 == 0 ? (right / 2, right / 2) : ((right - 1) / 2, (right + 1) / 2)
        // Bottom quadrants: an odd height puts the smaller half first.
        let (bottomA, bottomB): (Int, Int) = bottom % 2 == 0 ? (bottom / 2, bottom / 2) : ((bottom - 1) / 2, (bottom + 1) / 2)
        let (x0, y0) = (region.x, region.y)
        let (x1, y1) = (x0 + leftA, y0 + topA)
        let (x2, y2) = (x0 + left, y0 + top)
        let y3 = y2 + bottomA
        let cells: [Region] = [
            Region(x: x0, y: y0, width: leftA, height: topA), Region(x: x1, y: y0, width: leftB, height: topA),
            Region(x: x0, y: y1, width: leftA, height: topB), Region(x: x1, y: y1, width: leftB, height: topB),
            Region(x: x2, y: y0, width: rightA, height: topA), Region(x: x2 + rightA, y: y0, width: rightB, height: topA),
            Region(x: x2, y: y1, width: rightA, height: topB), Region(x: x2 + rightA, y: y1, width: rightB, height: topB),
            Region(x: x0, y: y2, width: leftA, height: bottomA), Region(x: x1, y: y2, width: leftB, height: bottomA),
            Region(x: x0, y: y3, width: leftA, height: bottomB), Region(x: x1, y: y3, width: leftB, height: bottomB),
            Region(x: x2, y: y2, width: rightA, height: bottomA), Region(x: x2 + rightA, y: y2, width: rightB, height: bottomA),
            Region(x: x2, y: y3, width: rightA, height: bottomB), Region(x: x2 + rightA, y: y3, width: rightB, height: bottomB),
        ]
        for (offset, cell) in cells.enumerated() { subbands[first + offset] = cell }
    }
}
