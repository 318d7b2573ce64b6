import Foundation

/// NFIQ 2's three local ridge–valley measures (ISO/IEC 29794-4, NFIQ 2.3's `FDA`, `LCS` and `RVUP`
/// modules), block by block, re-implemented from their definitions and checked against NFIQ 2's own values:
///
/// - **Frequency domain analysis (FDA)**: the ridge profile of a 32 × 16 window turned across the ridges;
///   the amplitude at its dominant frequency (plus 0.3 of its two neighbours) over the sum of the lower half
///   of the spectrum. 1 when the strongest frequency is the lowest or the highest (no ridge frequency).
/// - **Local clarity (LCS)**: the window's column means split by their regression line into ridge and
///   valley; where ridge and valley widths are plausible, 1 minus the mean share of pixels on the wrong side
///   of the line (0 where they are not).
/// - **Ridge–valley uniformity (RVU)**: ratios of consecutive complete ridge and valley widths in the window.
///
/// NFIQ 2's grid and segmentation are followed: near-white rows and columns are trimmed from the edges,
/// blocks of 32 pixels start 2 pixels in (room for the turned window), and a block counts when every pixel
/// of it lies in 32-pixel tiles whose grey-level deviation exceeds 0.1 of the image's. Orientation is NFIQ 2's
/// (centred differences, its covariance formula), and the window is turned by nearest neighbour as OpenCV's
/// `warpAffine` does (its fixed-point rounding reproduced; the 2-pixel pad of FDA and RVU takes the image's
/// own pixels around the window, as `copyMakeBorder` on a sub-matrix does). At other resolutions than
/// 500 ppi every length is scaled (NFIQ 2 itself accepts only 500 ppi).
///
/// Values are kept between calls; nothing is allocated once warmed up for an image size.
struct RidgeValleyBlocks {
    /// One block's measures and where it lies (its centre, in image pixels).
    struct Block {
        var centreX: Int
        var centreY: Int
        var frequency: Double
        var clarity: Double
        /// Range of this block's ridge–valley ratios in `ratios`.
        var ratios: Range<Int>
    }

    /// The part of the image NFIQ 2 works on: near-white rows and columns trimmed from the edges.
    struct Frame {
        var top: Int
        var bottom: Int
        var left: Int
        var right: Int
    }

    private(set) var blocks: [Block] = []
    private(set) var ratios: [Double] = []
    private var tileMask: [Bool] = []
    private var tileSums: [Int] = []
    private var window: [UInt8] = []
    private var doubles: [Double] = []
    private var integers: [Int] = []
    private var spectrum: [Double] = []

    /// Forgets the last image's blocks.
    mutating func clear() {
        blocks.removeAll(keepingCapacity: true)
        ratios.removeAll(keepingCapacity: true)
    }

    /// Measures every block of the image that NFIQ 2 would; `scale` is ppi / 500. With `foreground`, only
    /// blocks whose centre lies in a foreground block of that grid (a slap's fingers; NFIQ 2 itself scores
    /// single fingers, whose every ridge block counts).
    @_optimize(speed)
    mutating func measure(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, scale: Double,
        foreground: (grid: BlockGrid, mask: [Bool])? = nil
    ) {
        clear()
        guard let base = pixels.baseAddress, width > 0, height > 0, pixels.count >= width * height else { return }
        guard let frame = Self.trimmedFrame(base, width: width, height: height) else { return }
        let geometry = Geometry(scale: scale)
        let rows = frame.bottom - frame.top, columns = frame.right - frame.left
        let outer = geometry.block + 2 * geometry.border
        guard rows > outer, columns > outer else { return }
        segment(base, width: width, frame: frame, tile: geometry.block)
        let n = geometry.across
        // cos and sin of 2πkt/n for each sample t and harmonic k = 1…n/2, harmonics side by side.
        let harmonics = n / 2
        if spectrum.count != 2 * n * harmonics {
            let turns = (0..<n).flatMap { t in (1...harmonics).map { k in 2 * Double.pi * Double(k * t % n) / Double(n) } }
            spectrum = turns.map { cos($0) } + turns.map { sin($0) }
        }
        // The turned window, then two staging squares (the padded and the plain window with a zero margin).
        let margin = (outer + 4) / 4 + 2, stageStride = outer + 4 + 2 * margin
        let windowSize = n * geometry.along, stageSize = stageStride * stageStride
        if window.count != windowSize + 2 * stageSize { window = [UInt8](repeating: 0, count: windowSize + 2 * stageSize) }
        if doubles.count < 6 * n { doubles = [Double](repeating: 0, count: 6 * n) }
        if integers.count < 7 * n { integers = [Int](repeating: 0, count: 7 * n) }
        let tileColumns = (columns + geometry.block - 1) / geometry.block
        // Work on local copies so the scratch buffers can be borrowed as pointers meanwhile.
        var found = blocks, foundRatios = ratios, mask = tileMask
        blocks = []; ratios = []; tileMask = []
        defer { blocks = found; ratios = foundRatios; tileMask = mask }
        let image = Image(base: base, width: width, frame: frame)
        window.withUnsafeMutableBufferPointer { window in
            doubles.withUnsafeMutableBufferPointer { doubles in
                integers.withUnsafeMutableBufferPointer { integers in
                    spectrum.withUnsafeBufferPointer { spectrum in
                        let scratch = Scratch(window: window.baseAddress!, profile: doubles.baseAddress!,
                                              line: doubles.baseAddress! + n, amplitudes: doubles.baseAddress! + 2 * n,
                                              imaginary: doubles.baseAddress! + 3 * n,
                                              ridgeWidths: doubles.baseAddress! + 4 * n,
                                              valleyWidths: doubles.baseAddress! + 5 * n,
                                              flags: integers.baseAddress!, changes: integers.baseAddress! + n,
                                              deltas: integers.baseAddress! + 2 * n,
                                              sums: integers.baseAddress! + 4 * n,
                                              rowOffsets: integers.baseAddress! + 5 * n,
                                              cosines: spectrum.baseAddress!,
                                              sines: spectrum.baseAddress! + n * (n / 2))
                        var r = geometry.border
                        while r < rows - (geometry.block + geometry.border - 1) {
                            var c = geometry.border
                            while c < columns - (geometry.block + geometry.border - 1) {
                                defer { c += geometry.block }
                                guard Self.covered(mask, row: r, column: c, size: geometry.block, tileColumns: tileColumns)
                                else { continue }
                                let top = frame.top + r, left = frame.left + c
                                let centreX = left + geometry.block / 2, centreY = top + geometry.block / 2
                                if let foreground, !Self.inside(foreground, x: centreX, y: centreY) { continue }
                                let orientation = Self.orientation(base, width: width, top: top, left: left, size: geometry.block)
                                // The window of `block + 2 border` pixels around the block; FDA and RVU turn it
                                // padded by two more of the image's pixels, LCS turns it alone.
                                let padded = Self.stage(image, Square(top: top - geometry.border - 2,
                                                                      left: left - geometry.border - 2, size: outer + 4),
                                                        margin: margin, stride: stageStride,
                                                        into: window.baseAddress! + windowSize)
                                let alone = Self.stage(image, Square(top: top - geometry.border, left: left - geometry.border,
                                                                     size: outer),
                                                       margin: margin, stride: stageStride,
                                                       into: window.baseAddress! + windowSize + stageSize)
                                let frequency = Self.frequencyDominance(padded, output: outer, orientation: orientation,
                                                                        geometry: geometry, scratch)
                                let clarity = Self.localClarity(alone, orientation: orientation, geometry: geometry, scratch)
                                let first = foundRatios.count
                                Self.uniformityRatios(padded, output: outer, orientation: orientation,
                                                      geometry: geometry, scratch, into: &foundRatios)
                                found.append(Block(centreX: centreX, centreY: centreY, frequency: frequency,
                                                   clarity: clarity, ratios: first..<foundRatios.count))
                            }
                            r += geometry.block
                        }
                    }
                }
            }
        }
    }

    /// The image and its trimmed frame; pixels outside the frame read as 0 (NFIQ 2 works on a trimmed copy).
    struct Image {
        var base: UnsafePointer<UInt8>
        var width: Int
        var frame: Frame
    }

    /// A square of the image to turn (its top-left corner may lie outside the frame).
    struct Square {
        var top: Int
        var left: Int
        var size: Int
    }

    /// Borrowed scratch memory for one block: the turned window, the profile and its regression line,
    /// the spectrum's amplitudes (and imaginary parts), LCS's ridge and valley widths, ridge flags, change
    /// indices, the turn's per-column offsets and its sums; the DFT's cosines and sines, sample by sample,
    /// harmonics side by side.
    struct Scratch {
        var window: UnsafeMutablePointer<UInt8>
        var profile: UnsafeMutablePointer<Double>
        var line: UnsafeMutablePointer<Double>
        var amplitudes: UnsafeMutablePointer<Double>
        var imaginary: UnsafeMutablePointer<Double>
        var ridgeWidths: UnsafeMutablePointer<Double>
        var valleyWidths: UnsafeMutablePointer<Double>
        var flags: UnsafeMutablePointer<Int>
        var changes: UnsafeMutablePointer<Int>
        var deltas: UnsafeMutablePointer<Int>
        var sums: UnsafeMutablePointer<Int>
        var rowOffsets: UnsafeMutablePointer<Int>
        var cosines: UnsafePointer<Double>
        var sines: UnsafePointer<Double>
    }

    /// NFIQ 2's histogram edges (`FDAHISTLIMITS`, `LCSHISTLIMITS`, `RVUPHISTLIMITS`): bin i holds the
    /// values from edge i − 1 (inclusive) to edge i; bin 9 everything from the last edge up.
    static let frequencyEdges: [Double] = [0.268, 0.304, 0.33, 0.355, 0.38, 0.407, 0.44, 0.50, 1]
    static let clarityEdges: [Double] = [0, 0.70, 0.74, 0.77, 0.79, 0.81, 0.83, 0.85, 0.87]
    static let uniformityEdges: [Double] = [0.5, 0.667, 0.8, 1, 1.25, 1.5, 2, 24, 30]

    /// The histogram bin (0…9) of `value` for `edges`; NaN falls in bin 0 as in NFIQ 2.
    @inline(__always)
    static func bin(_ value: Double, _ edges: [Double]) -> Int {
        var index = 0
        while index < edges.count, value >= edges[index] { index += 1 }
        return index
    }

    /// Block and window sizes at the image's resolution (NFIQ 2's at 500 ppi: 32, a 32 × 16 window, 2).
    struct Geometry {
        var block: Int
        /// Window length across the ridges and along them.
        var across: Int
        var along: Int
        /// Overlap around a block that holds the turned window: ⌈(⌈√(across² + along²)⌉ − block) / 2⌉.
        var border: Int
        var ppi: Double

        init(scale: Double) {
            block = max(8, Int((32 * scale).rounded()))
            across = max(8, Int((32 * scale / 2).rounded()) * 2)
            along = max(4, Int((16 * scale / 2).rounded()) * 2)
            // In floating point: a hostile resolution must not overflow the squares.
            let diagonal = (Double(across) * Double(across) + Double(along) * Double(along)).squareRoot().rounded(.up)
            border = Int(((diagonal - Double(block)) / 2).rounded(.up))
            ppi = 500 * scale
        }
    }

    /// The image without the near-white rows and columns at its edges (NFIQ 2: mean grey above 250).
    private static func trimmedFrame(_ base: UnsafePointer<UInt8>, width: Int, height: Int)
        -> Frame? {
        // A row or column is blank when its mean exceeds 250: its sum exceeds 250 × its length.
        func rowIsBlank(_ y: Int) -> Bool {
            var sum = 0
            let row = base + y * width
            for x in 0..<width { sum &+= Int(row[x]) }
            return Double(sum) > 250 * Double(width)
        }
        func columnIsBlank(_ x: Int) -> Bool {
            var sum = 0
            var pixel = base + x
            for _ in 0..<height { sum &+= Int(pixel.pointee); pixel += width }
            return Double(sum) > 250 * Double(height)
        }
        var top = 0
        while top < height, rowIsBlank(top) { top += 1 }
        var bottom = height - 1
        while bottom > top, rowIsBlank(bottom) { bottom -= 1 }
        var left = 0
        while left < width, columnIsBlank(left) { left += 1 }
        var right = width - 1
        while right > left, columnIsBlank(right) { right -= 1 }
        guard top < height, left < width, bottom > top, right > left else { return nil }
        return Frame(top: top, bottom: bottom + 1, left: left, right: right + 1)
    }

    /// NFIQ 2's `ridgesegment`: a tile holds ridges when its grey-level standard deviation exceeds 0.1 of the
    /// whole (trimmed) image's. One pass: each tile's sum and sum of squares, the image's from theirs.
    private mutating func segment(_ base: UnsafePointer<UInt8>, width: Int, frame: Frame, tile: Int) {
        let rows = frame.bottom - frame.top, columns = frame.right - frame.left
        let tileRows = (rows + tile - 1) / tile, tileColumns = (columns + tile - 1) / tile
        tileSums.removeAll(keepingCapacity: true)
        tileSums.append(contentsOf: repeatElement(0, count: 2 * tileRows * tileColumns))
        tileSums.withUnsafeMutableBufferPointer { sums in
            for y in 0..<rows {
                let row = base + (frame.top + y) * width + frame.left
                let tileRow = sums.baseAddress! + 2 * (y / tile) * tileColumns
                for tileColumn in 0..<tileColumns {
                    let x0 = tileColumn * tile, x1 = min(columns, x0 + tile)
                    var sum: UInt32 = 0, squares: UInt32 = 0
                    for x in x0..<x1 {
                        let value = UInt32(row[x])
                        sum &+= value
                        squares &+= value &* value
                    }
                    tileRow[2 * tileColumn] &+= Int(sum)
                    tileRow[2 * tileColumn + 1] &+= Int(squares)
                }
            }
        }
        var total = 0, totalSquares = 0
        for tile in 0..<(tileRows * tileColumns) {
            total &+= tileSums[2 * tile]
            totalSquares &+= tileSums[2 * tile + 1]
        }
        let count = Double(rows * columns)
        let mean = Double(total) / count
        let deviation = max(0, Double(totalSquares) / count - mean * mean).squareRoot()
        tileMask.removeAll(keepingCapacity: true)
        for tileRow in 0..<tileRows {
            let height = min(rows, (tileRow + 1) * tile) - tileRow * tile
            for tileColumn in 0..<tileColumns {
                let n = Double(height * (min(columns, (tileColumn + 1) * tile) - tileColumn * tile))
                let index = 2 * (tileRow * tileColumns + tileColumn)
                let tileMean = Double(tileSums[index]) / n
                let tileDeviation = max(0, Double(tileSums[index + 1]) / n - tileMean * tileMean).squareRoot()
                tileMask.append(deviation > 0 && tileDeviation / deviation > 0.1)
            }
        }
    }

    /// Whether every pixel of the block at (`row`, `column`) of the trimmed image lies in a ridge tile.
    private static func covered(_ mask: [Bool], row: Int, column: Int, size: Int, tileColumns: Int) -> Bool {
        for tileRow in (row / size)...((row + size - 1) / size) {
            for tileColumn in (column / size)...((column + size - 1) / size)
            where !mask[tileRow * tileColumns + tileColumn] { return false }
        }
        return true
    }

    /// Whether (`x`, `y`) lies in a foreground block of `foreground.grid`.
    private static func inside(_ foreground: (grid: BlockGrid, mask: [Bool]), x: Int, y: Int) -> Bool {
        let grid = foreground.grid
        guard x >= grid.originX, y >= grid.originY else { return false }
        let column = (x - grid.originX) / grid.blockSize, row = (y - grid.originY) / grid.blockSize
        guard column < grid.columns, row < grid.rows else { return false }
        let index = row * grid.columns + column
        return index < foreground.mask.count && foreground.mask[index]
    }

    /// NFIQ 2's block orientation (`covcoef` with centred differences, then `ridgeorient`), radians: the
    /// angle of the line across the ridges. Its formula takes c where the textbook takes 2c; kept, since
    /// what follows was tuned with it. Gradients are doubled to stay integers (centred differences halve,
    /// the one-sided ones at the edges do not); the sums are exact, so the result is NFIQ 2's.
    @inline(__always)
    static func orientation(_ base: UnsafePointer<UInt8>, width: Int, top: Int, left: Int, size: Int) -> Double {
        var a = 0, b = 0, c = 0
        // Sixteen columns at a time, pairs of products summed per lane in 32 bits and moved to 64 bits every
        // 16 rows (a lane gains at most 2 · 510² per 16 columns: 16 rows of a 256-pixel block stay below 2³¹).
        let vectorColumns = size / 16 * 16
        var laneA = SIMD8<Int32>(), laneB = SIMD8<Int32>(), laneC = SIMD8<Int32>()
        for y in 0..<size {
            let row = base + (top + y) * width + left
            let up = y == 0 ? row : row - width, down = y == size - 1 ? row : row + width
            let factor = (y == 0 || y == size - 1) ? 2 : 1
            // Centred differences everywhere (the block has image pixels on every side), then the two edge
            // columns put right.
            var x = 0
            while x < vectorColumns {
                let gx = ImageKernels.load(row + x + 1) &- ImageKernels.load(row + x - 1)
                var gy = ImageKernels.load(down + x) &- ImageKernels.load(up + x)
                if factor == 2 { gy &+= gy }
                laneA &+= ImageKernels.pairProducts(gx, gx)
                laneB &+= ImageKernels.pairProducts(gy, gy)
                laneC &+= ImageKernels.pairProducts(gx, gy)
                x += 16
            }
            var rowA = 0, rowB = 0, rowC = 0
            while x < size {
                let gx = Int(row[x &+ 1]) &- Int(row[x &- 1])
                let gy = factor &* (Int(down[x]) &- Int(up[x]))
                rowA &+= gx &* gx; rowB &+= gy &* gy; rowC &+= gx &* gy
                x += 1
            }
            @inline(__always) func correct(_ x: Int, _ right: Int) {
                let wrong = Int(row[x + 1]) - Int(row[x - 1])
                let gy = factor * (Int(down[x]) - Int(up[x]))
                rowA += right * right - wrong * wrong
                rowC += (right - wrong) * gy
            }
            correct(0, 2 * (Int(row[1]) - Int(row[0])))
            correct(size - 1, 2 * (Int(row[size - 1]) - Int(row[size - 2])))
            a &+= rowA; b &+= rowB; c &+= rowC
            if y % 16 == 15 || y == size - 1 {
                a &+= Int(ImageKernels.total(laneA)); b &+= Int(ImageKernels.total(laneB)); c &+= Int(ImageKernels.total(laneC))
                laneA = SIMD8<Int32>(); laneB = SIMD8<Int32>(); laneC = SIMD8<Int32>()
            }
        }
        let n = Double(size * size) * 4
        let meanA = Double(a) / n, meanB = Double(b) / n, meanC = Double(c) / n
        let difference = meanA - meanB
        let denominator = meanC * meanC + difference * difference + Double.ulpOfOne
        return atan2(meanC / denominator, difference / denominator) / 2
    }

    /// A square copied out of the image with a margin of zeros around it (and zeros where it leaves the
    /// frame), so turning it needs no bounds checks: `origin` is its top-left pixel.
    struct Staged {
        var origin: UnsafePointer<UInt8>
        var stride: Int
        var size: Int
    }

    /// Copies `square` into `buffer` (`stride` × `stride`, `margin` zeros on every side). The margin is zeroed
    /// once when the buffer is made and never written after, so only the square itself is cleared, and only
    /// when part of it lies outside the frame.
    @inline(__always)
    private static func stage(
        _ image: Image, _ square: Square, margin: Int, stride: Int, into buffer: UnsafeMutablePointer<UInt8>
    ) -> Staged {
        let frame = image.frame
        let y0 = max(square.top, frame.top), y1 = min(square.top + square.size, frame.bottom)
        let x0 = max(square.left, frame.left), x1 = min(square.left + square.size, frame.right)
        if y1 - y0 < square.size || x1 - x0 < square.size {
            for y in 0..<square.size { (buffer + (y + margin) * stride + margin).update(repeating: 0, count: square.size) }
        }
        if y1 > y0, x1 > x0 {
            for y in y0..<y1 {
                (buffer + (y - square.top + margin) * stride + (x0 - square.left + margin))
                    .update(from: image.base + y * image.width + x0, count: x1 - x0)
            }
        }
        return Staged(origin: UnsafePointer(buffer + margin * stride + margin), stride: stride, size: square.size)
    }

    /// What `turn` keeps of the turned pixels.
    enum TurnOutput {
        /// The sum of each output row in `scratch.sums`.
        case rowSums
        /// The sum of each output column in `scratch.sums`.
        case columnSums
        /// The pixels in `scratch.window` (column-major, `rows.count` high) and the column sums.
        case pixelsAndColumnSums
    }

    /// Turns `square` by `radians` about its centre and keeps rows `rows` × columns `columns` of the
    /// `output` × `output` result as `keep` says: nearest neighbour exactly as OpenCV's `warpAffine` with
    /// `getRotationMatrix2D` (the same steps, its 10-bit fixed-point rounding); what falls outside the
    /// square or the frame is 0 (the staging margin, wide enough for any turn of the window).
    @inline(__always)
    private static func turn(
        _ square: Staged, radians: Double, output: Int, rows: Range<Int>, columns: Range<Int>,
        keep: TurnOutput, _ scratch: Scratch
    ) {
        // The same steps as NFIQ 2 and OpenCV (radians to degrees and back), so the rounding is theirs.
        let degrees = radians * (180.0 / Double.pi)
        let angle = degrees * (Double.pi / 180)
        let alpha = cos(angle), beta = sin(angle)
        let centre = Double(square.size) / 2
        // Forward matrix, then its inverse as warpAffine computes it.
        var m0 = alpha, m1 = beta, m2 = (1 - alpha) * centre - beta * centre
        var m3 = -beta, m4 = alpha, m5 = beta * centre + (1 - alpha) * centre
        var determinant = m0 * m4 - m1 * m3
        determinant = determinant != 0 ? 1 / determinant : 0
        let a11 = m4 * determinant, a22 = m0 * determinant
        m0 = a11; m1 *= -determinant; m3 *= -determinant; m4 = a22
        let b1 = -m0 * m2 - m1 * m5, b2 = -m3 * m2 - m4 * m5
        m2 = b1; m5 = b2
        // OpenCV's saturate_cast<int>: round half to even. Adding 1.5 · 2⁵² does exactly that for |x| < 2³¹ and
        // leaves the integer in the low 32 bits (no call to rint and no range checks, hundreds of times a block).
        @inline(__always) func fixed(_ value: Double) -> Int {
            Int(Int32(truncatingIfNeeded: (value * 1024 + 6_755_399_441_055_744.0).bitPattern))
        }
        let width = columns.count
        let deltaX = scratch.deltas, deltaY = scratch.deltas + width
        for index in 0..<width {
            let x = Double(columns.lowerBound + index)
            deltaX[index] = fixed(m0 * x)
            deltaY[index] = fixed(m3 * x)
        }
        let origin = square.origin, stride = square.stride
        let rowCount = rows.count
        let rowX = scratch.rowOffsets, rowY = scratch.rowOffsets + rowCount
        for index in 0..<rowCount {
            let y = Double(rows.lowerBound &+ index)
            rowX[index] = fixed(m1 * y + m2) &+ 512
            rowY[index] = fixed(m4 * y + m5) &+ 512
        }
        let sums = scratch.sums
        if keep == .rowSums {
            for row in 0..<rowCount {
                let x0 = rowX[row], y0 = rowY[row]
                var sum = 0
                for index in 0..<width {
                    sum &+= Int(origin[((y0 &+ deltaY[index]) >> 10) &* stride &+ ((x0 &+ deltaX[index]) >> 10)])
                }
                sums[row] = sum
            }
        } else {
            // Column by column, so each sum stays in a register; pixels kept column-major.
            var out = scratch.window
            for index in 0..<width {
                let dx = deltaX[index], dy = deltaY[index]
                var sum = 0
                for row in 0..<rowCount {
                    let value = origin[((rowY[row] &+ dy) >> 10) &* stride &+ ((rowX[row] &+ dx) >> 10)]
                    sum &+= Int(value)
                    if keep == .pixelsAndColumnSums {
                        out.pointee = value
                        out += 1
                    }
                }
                sums[index] = sum
            }
        }
    }

    /// FDA of one block.
    @inline(__always)
    private static func frequencyDominance(
        _ square: Staged, output: Int, orientation: Double, geometry: Geometry, _ scratch: Scratch
    ) -> Double {
        // Turned across the ridges: `across` rows of `along` pixels, each row's mean one point of the profile.
        let n = geometry.across, along = geometry.along
        let firstRow = output / 2 - n / 2, firstColumn = output / 2 - along / 2
        turn(square, radians: orientation + Double.pi / 2, output: output,
             rows: firstRow..<(firstRow + n), columns: firstColumn..<(firstColumn + along), keep: .rowSums, scratch)
        let profile = scratch.profile
        for row in 0..<n { profile[row] = Double(scratch.sums[row]) / Double(along) }
        // Amplitudes of frequencies 1…n−1 (a real profile's spectrum is symmetric: n − k mirrors k), summed
        // in sample order as a plain DFT does (other orders move a few blocks across bin edges); all
        // harmonics advance together, sample by sample, so the inner loop runs over independent sums.
        let amplitudes = scratch.amplitudes, imaginary = scratch.imaginary
        let harmonics = n / 2
        for k in 0..<harmonics { amplitudes[k] = 0; imaginary[k] = 0 }
        for t in 0..<n {
            let value = profile[t]
            let cosines = scratch.cosines + t &* harmonics, sines = scratch.sines + t &* harmonics
            for k in 0..<harmonics {
                amplitudes[k] += value * cosines[k]
                imaginary[k] -= value * sines[k]
            }
        }
        for k in 0..<harmonics {
            amplitudes[k] = (amplitudes[k] * amplitudes[k] + imaginary[k] * imaginary[k]).squareRoot()
        }
        for k in (n / 2 + 1)..<n { amplitudes[k - 1] = amplitudes[n - k - 1] }
        // The strongest (the first of equals), and the sum over the lower half.
        var bestIndex = 0
        for index in 0..<(n - 1) where amplitudes[index] > amplitudes[bestIndex] { bestIndex = index }
        let lowerHalf = Self.openCVSum(amplitudes, count: (n - 1) / 2)
        guard bestIndex != 0, bestIndex + 1 < n - 1, lowerHalf > 0 else { return 1 }
        return (amplitudes[bestIndex] + 0.3 * (amplitudes[bestIndex - 1] + amplitudes[bestIndex + 1])) / lowerHalf
    }

    /// Turns `square` along the ridges and fills the profile (column means of the central `along` rows ×
    /// `across` columns), its regression line, and which columns are ridge (darker than the line).
    @inline(__always)
    private static func ridgeValleyStructure(
        _ square: Staged, output: Int, orientation: Double, geometry: Geometry, keepPixels: Bool,
        _ scratch: Scratch
    ) {
        let n = geometry.across, along = geometry.along
        let firstRow = output / 2 - along / 2, firstColumn = output / 2 - n / 2
        turn(square, radians: orientation, output: output,
             rows: firstRow..<(firstRow + along), columns: firstColumn..<(firstColumn + n),
             keep: keepPixels ? .pixelsAndColumnSums : .columnSums, scratch)
        let profile = scratch.profile, line = scratch.line
        for column in 0..<n { profile[column] = Double(scratch.sums[column]) / Double(along) }
        // Least squares of the means on x = 1…n; coefficients rounded to 10 decimals as NFIQ 2 does.
        var sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumXY = 0.0
        for i in 0..<n {
            let x = Double(i + 1)
            sumX += x; sumY += profile[i]; sumXX += x * x; sumXY += x * profile[i]
        }
        let count = Double(n)
        var slope = (count * sumXY - sumX * sumY) / (count * sumXX - sumX * sumX)
        var intercept = (sumY - slope * sumX) / count
        slope = (slope * 1e10).rounded() / 1e10
        intercept = (intercept * 1e10).rounded() / 1e10
        for i in 0..<n {
            line[i] = Double(i + 1) * slope + intercept
            scratch.flags[i] = profile[i] < line[i] ? 1 : 0
        }
    }

    /// LCS of one block.
    @inline(__always)
    private static func localClarity(
        _ square: Staged, orientation: Double, geometry: Geometry, _ scratch: Scratch
    ) -> Double {
        ridgeValleyStructure(square, output: square.size, orientation: orientation, geometry: geometry,
                             keepPixels: true, scratch)
        let n = geometry.across, along = geometry.along
        let isRidge = scratch.flags, changes = scratch.changes
        // Indices (minus one) where the ridge/valley label flips.
        var changeCount = 0
        for i in 1..<n where isRidge[i] != isRidge[i - 1] {
            changes[changeCount] = i - 1
            changeCount += 1
        }
        guard changeCount > 0 else { return 0 }
        // Widths between changes, alternately ridge and valley (the first part is a ridge when the first
        // column is), in units of the widest ridge at 125 ppi (5 px there).
        let normaliser = geometry.ppi / 125 * 5
        var ridgeCount = 0, valleyCount = 0
        for index in 0..<changeCount {
            let part = Double(index == 0 ? changes[0] : changes[index] - changes[index - 1]) / normaliser
            if (index % 2 == 0) == (isRidge[0] == 1) {
                scratch.ridgeWidths[ridgeCount] = part; ridgeCount += 1
            } else {
                scratch.valleyWidths[valleyCount] = part; valleyCount += 1
            }
        }
        let ridgeMean = Self.openCVMean(scratch.ridgeWidths, count: ridgeCount)
        let valleyMean = Self.openCVMean(scratch.valleyWidths, count: valleyCount)
        // Plausible mean widths at 500 ppi: ridges 3–10 px, valleys 2–10 px.
        let pixel = geometry.ppi / 500
        guard ridgeMean >= 3 * pixel / normaliser, ridgeMean <= 10 * pixel / normaliser,
              valleyMean >= 2 * pixel / normaliser, valleyMean <= 10 * pixel / normaliser else { return 0 }
        var ridgeGood = 0, ridgePixels = 0, valleyGood = 0, valleyPixels = 0
        for column in 0..<n {
            // Grey levels are integers: v ≥ t exactly when v ≥ ⌈t⌉ (and v < t when v < ⌈t⌉).
            let cut = Int(max(-1, min(256, scratch.line[column].rounded(.up))))
            let pixels = scratch.window + column &* along
            // Branch-free: the sign bit of value − cut counts the pixels below the cut.
            var below = 0
            for row in 0..<along { below &-= (Int(pixels[row]) &- cut) >> 63 }
            let atLeast = along - below
            if isRidge[column] == 1 {
                ridgeGood += atLeast; ridgePixels += along
            } else {
                valleyGood += along - atLeast; valleyPixels += along
            }
        }
        guard ridgePixels > 0, valleyPixels > 0 else { return 0 }
        let alpha = Double(valleyGood) / Double(valleyPixels), beta = Double(ridgeGood) / Double(ridgePixels)
        return 1 - (alpha + beta) / 2
    }

    /// The sum as OpenCV's `cv::sum` takes it of doubles (NFIQ 2's FDA sums the lower half of the spectrum
    /// so): its unrolled loop adds four values, then adds them to the running sum; the rest one by one.
    @inline(__always)
    static func openCVSum(_ values: UnsafePointer<Double>, count: Int) -> Double {
        var sum = 0.0, index = 0
        while index + 4 <= count {
            sum += values[index] + values[index + 1] + values[index + 2] + values[index + 3]
            index += 4
        }
        while index < count {
            sum += values[index]
            index += 1
        }
        return sum
    }

    /// The mean as OpenCV's `cv::mean` takes it of doubles, which NFIQ 2's LCS uses for the mean ridge and
    /// valley widths: `openCVSum` times the reciprocal of the count. Widths are whole pixels, so a mean often
    /// lands exactly on a plausibility limit, where a plain sum and division decide differently (0.7 % of
    /// NFIQ 2's blocks did). 0 for no values, as OpenCV's empty `Scalar`.
    @inline(__always)
    static func openCVMean(_ values: UnsafePointer<Double>, count: Int) -> Double {
        count > 0 ? openCVSum(values, count: count) * (1 / Double(count)) : 0
    }

    /// RVU of one block: appends its ratios of consecutive complete ridge and valley widths to `ratios`.
    @inline(__always)
    private static func uniformityRatios(
        _ square: Staged, output: Int, orientation: Double, geometry: Geometry, _ scratch: Scratch,
        into ratios: inout [Double]
    ) {
        ridgeValleyStructure(square, output: output, orientation: orientation, geometry: geometry,
                             keepPixels: false, scratch)
        let n = geometry.across
        let isRidge = scratch.flags, changes = scratch.changes
        // NFIQ 2 compares labels 0…n−2 with their predecessors (the first with the last) and drops the
        // first comparison; the changes are the indices (minus one) where the label flips.
        var count = 0
        for i in 1..<(n - 1) where isRidge[i] != isRidge[i - 1] {
            changes[count] = i - 1
            count += 1
        }
        // The parts between the first and the last change are complete ridges and valleys; ratios of
        // neighbouring widths need three of them. NFIQ 2 walks the widths from the last and inverts every
        // other ratio, from the second when the complete parts begin with a ridge and from the first
        // otherwise; kept as it is, since its histogram edges were set on those values.
        guard count >= 4 else { return }
        let startsWithRidge = isRidge[changes[0] + 1] == 1
        for m in 0..<(count - 3) {
            let j = count - 1 - m
            let ratio = Double(changes[j] - changes[j - 1]) / Double(changes[j - 1] - changes[j - 2])
            ratios.append((m % 2 == 1) == startsWithRidge ? 1 / ratio : ratio)
        }
    }
}
