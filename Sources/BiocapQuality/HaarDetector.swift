/// Viola–Jones detection with a `HaarCascade`: a pyramid of the image shrunk by `scaleFactor` per
/// level, the cascade's window slid over each level (every second pixel on the finer levels, every
/// pixel on the coarser ones; a coarser grid first, then the windows next to a hit: `coarseToFine`), each
/// window normalised by its standard deviation, and the hits grouped (OpenCV's rule: hits whose
/// corners lie within 20 % of the smaller size of each other are one object, kept when more than
/// `minNeighbours` hits agree). Buffers are kept between calls.
///
/// Speed: the first `vectorStages` stages run on eight neighbouring windows at once (`SIMD8`
/// lanes loaded straight from the integral image); they reject almost every window. The eight go
/// on together while at least `denseLanes` are alive (next to a face most windows pass deep into
/// the cascade, and there a window costs thousands of rectangle sums); the last few survivors go
/// through the rest of the cascade one by one. Integral images are 32-bit with
/// wrapping arithmetic: a rectangle's sum is exact as long as it fits 32 bits (a 24×24 window of
/// squares is 15 million at most), whatever the image size.
struct HaarDetector {
    /// A detected object in the coordinates of the image given to `detect`.
    struct Detection: Equatable, Sendable {
        var x: Double, y: Double, width: Double, height: Double
        /// How many raw window hits were merged into this one (more = more certain).
        var neighbours: Int
        var centreX: Double { x + width / 2 }
        var centreY: Double { y + height / 2 }
    }

    let cascade: HaarCascade
    var scaleFactor = 1.1
    var minNeighbours = 3
    /// Relative corner distance under which two hits are the same object.
    var groupingTolerance = 0.2
    /// OpenCV's rule scans every second window of a level each way, and every window beyond a scale
    /// factor of 2 (the target grid). Coarse to fine scans half or a quarter of that first (every
    /// second window along the rows, every second row of the target grid), then the skipped windows
    /// of the target grid next to one that passed or nearly passed (`refineMargin`). A face gives a
    /// cluster of neighbouring hits, so this finds nearly all of the target grid's hits without
    /// running the cascade's first stages on most of the background; `false` scans the target grid
    /// (what the tests compare with).
    var coarseToFine = true
    /// Coarse to fine on the finer levels too (every fourth row first). Worth it where hits are few
    /// and the background large (faces in a frame); not where most windows pass deep into the cascade
    /// (eyes in a face), since the windows tried around near-hits are judged one by one.
    var coarseRows = true
    /// A window of the coarse grid that fails no earlier than this many stages before the end also
    /// has its neighbours tried: the windows at the edge of a small face's cluster of hits often
    /// fail only a late stage, and their neighbours may pass.
    static let refineMargin = 8
    /// Stages evaluated eight windows at a time before the survivors continue one by one.
    static let vectorStages = 8
    /// Beyond `vectorStages`, the eight windows go on together while at least this many are alive
    /// (more than `lanes`: never; the result is the same either way, only the cost differs).
    var denseLanes = 2
    static let lanes = 8
    /// Integral-image padding: a lane group may read up to 16 values past a row's last window.
    private static let padding = 2 * lanes + 1

    private var level: [UInt8] = []
    private var integral: [Int32] = []
    private var squared: [Int32] = []
    private var evenSum: [Int32] = [], oddSum: [Int32] = [], evenSquare: [Int32] = [], oddSquare: [Int32] = []
    private var prepared = HaarPreparedCascade()
    private var hits: [Detection] = []

    init(cascade: HaarCascade) { self.cascade = cascade }

    /// Objects in an 8-bit grey image no smaller than `minimumSize` pixels (default: the window)
    /// and no larger than `maximumSize` (default: any).
    @_optimize(speed)
    mutating func detect(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
                         minimumSize: Int = 0, maximumSize: Int = .max) -> [Detection] {
        hits.removeAll(keepingCapacity: true)
        collect(pixels, width: width, height: height, minimumSize: minimumSize, maximumSize: maximumSize)
        return groupCollected()
    }

    /// Scans the pyramid levels for windows of `minimumSize` up to (not including) `belowSize` and
    /// keeps the raw hits, so several size ranges of one image can be scanned and then grouped
    /// together as one pyramid (`groupCollected`).
    @_optimize(speed)
    mutating func collect(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
                          minimumSize: Int, maximumSize: Int = .max, belowSize: Int = .max) {
        let windowWidth = cascade.windowWidth, windowHeight = cascade.windowHeight
        var factor = max(1, Double(minimumSize) / Double(windowWidth))
        while Double(windowWidth) * factor <= Double(maximumSize), Double(windowWidth) * factor < Double(belowSize) {
            let levelWidth = Int(Double(width) / factor), levelHeight = Int(Double(height) / factor)
            guard levelWidth >= windowWidth, levelHeight >= windowHeight else { break }
            Self.resample(pixels, width: width, height: height, into: &level, width: levelWidth, height: levelHeight)
            // OpenCV's rule: every second window on the finer levels, every window beyond a factor of 2.
            let target = factor > 2 ? 1 : 2
            // Coarse to fine: every second window along the rows, on every second row of the target grid
            // (on the finer levels, only with `coarseRows`).
            let step = coarseToFine ? 2 : target
            let rowStep = coarseToFine && (target == 1 || coarseRows) ? 2 * target : target
            buildIntegrals(width: levelWidth, height: levelHeight, deinterleave: step == 2)
            prepared.prepare(cascade, stride: levelWidth + 1)
            scan(width: levelWidth, height: levelHeight, factor: factor, step: step, rowStep: rowStep, targetStep: target)
            factor *= scaleFactor
        }
    }

    /// The hits collected so far, grouped; they are kept for further `collect` calls.
    func groupedHits() -> [Detection] {
        Self.group(hits, minNeighbours: minNeighbours, tolerance: groupingTolerance)
    }

    /// Groups the hits collected since the last `detect` or `groupCollected`, and forgets them.
    mutating func groupCollected() -> [Detection] {
        defer { hits.removeAll(keepingCapacity: true) }
        return Self.group(hits, minNeighbours: minNeighbours, tolerance: groupingTolerance)
    }

    /// Bilinear resampling (pixel centres aligned), enough for shrinking by less than two per level
    /// from an image already reduced to about the detection scale. Fixed point (1/256 pixel).
    @_optimize(speed)
    static func resample(_ source: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
                         into target: inout [UInt8], width targetWidth: Int, height targetHeight: Int) {
        if target.count != targetWidth * targetHeight { target = [UInt8](repeating: 0, count: targetWidth * targetHeight) }
        let scaleX = Double(width) / Double(targetWidth), scaleY = Double(height) / Double(targetHeight)
        // Per column: left source pixel and weight of the right one, computed once per level.
        var columns = [(Int, Int)](repeating: (0, 0), count: targetWidth)
        for x in 0..<targetWidth {
            let sx = max(0, min(Double(width - 1), (Double(x) + 0.5) * scaleX - 0.5))
            let x0 = Int(sx)
            columns[x] = (x0, Int(((sx - Double(x0)) * 256).rounded()))
        }
        target.withUnsafeMutableBufferPointer { out in
            columns.withUnsafeBufferPointer { columns in
                for y in 0..<targetHeight {
                    let sy = max(0, min(Double(height - 1), (Double(y) + 0.5) * scaleY - 0.5))
                    let y0 = Int(sy), y1 = min(height - 1, y0 + 1), fy = Int(((sy - Double(y0)) * 256).rounded())
                    let top = y0 * width, bottom = y1 * width
                    for x in 0..<targetWidth {
                        let (x0, fx) = columns[x]
                        let x1 = min(width - 1, x0 + 1)
                        let upper = Int(source[top + x0]) * (256 - fx) + Int(source[top + x1]) * fx
                        let lower = Int(source[bottom + x0]) * (256 - fx) + Int(source[bottom + x1]) * fx
                        out[y * targetWidth + x] = UInt8(truncatingIfNeeded: (upper * (256 - fy) + lower * fy + 32768) >> 16)
                    }
                }
            }
        }
    }

    /// The integral and squared integral of `level`, padded so lane loads past a row's last
    /// window stay inside; with `deinterleave`, also their even and odd columns (see `HaarWindowEvaluator`).
    @_optimize(speed)
    private mutating func buildIntegrals(width: Int, height: Int, deinterleave: Bool) {
        let stride = width + 1, count = stride * (height + 1) + Self.padding
        if integral.count < count {
            integral = [Int32](repeating: 0, count: count)
            squared = [Int32](repeating: 0, count: count)
        }
        level.withUnsafeBufferPointer { image in
            integral.withUnsafeMutableBufferPointer { sum in
                squared.withUnsafeMutableBufferPointer { square in
                    for x in 0...width { sum[x] = 0; square[x] = 0 }
                    for y in 0..<height {
                        var rowSum: Int32 = 0, rowSquare: Int32 = 0
                        let row = (y + 1) * stride, above = y * stride
                        sum[row] = 0; square[row] = 0
                        for x in 0..<width {
                            let value = Int32(image[y * width + x])
                            rowSum &+= value
                            rowSquare &+= value &* value
                            sum[row + x + 1] = sum[above + x + 1] &+ rowSum
                            square[row + x + 1] = square[above + x + 1] &+ rowSquare
                        }
                    }
                    for index in (stride * (height + 1))..<count { sum[index] = 0; square[index] = 0 }
                }
            }
        }
        guard deinterleave else { return }
        let half = (count + 1) / 2 + Self.lanes
        if evenSum.count < half {
            for copy in [\Self.evenSum, \Self.oddSum, \Self.evenSquare, \Self.oddSquare] {
                self[keyPath: copy] = [Int32](repeating: 0, count: half)
            }
        }
        Self.deinterleave(integral, count: count, even: &evenSum, odd: &oddSum)
        Self.deinterleave(squared, count: count, even: &evenSquare, odd: &oddSquare)
    }

    @_optimize(speed)
    private static func deinterleave(_ source: [Int32], count: Int, even: inout [Int32], odd: inout [Int32]) {
        source.withUnsafeBufferPointer { source in
            even.withUnsafeMutableBufferPointer { even in
                odd.withUnsafeMutableBufferPointer { odd in
                    for index in 0..<(count / 2) {
                        even[index] = source[2 * index]
                        odd[index] = source[2 * index + 1]
                    }
                    if count % 2 == 1 { even[count / 2] = source[count - 1] }
                }
            }
        }
    }

    /// Slides the window over one pyramid level, `step` pixels along a row and `rowStep` rows down,
    /// and records the windows that pass every stage. When that grid is coarser than `targetStep`
    /// (every `targetStep` pixels each way), the skipped windows of the target grid next to a window
    /// that passed or nearly passed are then tried as well.
    @_optimize(speed)
    private mutating func scan(width: Int, height: Int, factor: Double, step: Int, rowStep: Int, targetStep: Int) {
        let refine = step != targetStep || rowStep != targetStep
        let stride = width + 1
        let windowWidth = cascade.windowWidth, windowHeight = cascade.windowHeight
        // OpenCV normalises by the window less a one-pixel border.
        let normCorners = SIMD4<Int32>(Int32(stride + 1), Int32(stride + windowWidth - 1),
                                       Int32((windowHeight - 1) * stride + 1), Int32((windowHeight - 1) * stride + windowWidth - 1))
        let area = Double((windowWidth - 2) * (windowHeight - 2))
        let lastX = width - windowWidth, lastY = height - windowHeight
        var found: [Detection] = []
        // Even-grid windows whose neighbours are tried when refining: those that got this far.
        var seeds: [Int] = []
        let refineDepth = max(1, cascade.stages.count - Self.refineMargin)
        // Raw pointers and while loops: the loop runs for every window of every level, and this
        // keeps it fast in debug builds too (no iterator or bounds-check calls).
        integral.withUnsafeBufferPointer { sumBuffer in
        squared.withUnsafeBufferPointer { squareBuffer in
        evenSum.withUnsafeBufferPointer { evenSumBuffer in
        oddSum.withUnsafeBufferPointer { oddSumBuffer in
        evenSquare.withUnsafeBufferPointer { evenSquareBuffer in
        oddSquare.withUnsafeBufferPointer { oddSquareBuffer in
        prepared.nodes.withUnsafeBufferPointer { nodeBuffer in
        prepared.leaves.withUnsafeBufferPointer { leafBuffer in
        prepared.classifiers.withUnsafeBufferPointer { classifierBuffer in
        prepared.stages.withUnsafeBufferPointer { stageBuffer in
            guard let sum = sumBuffer.baseAddress, let square = squareBuffer.baseAddress,
                  let nodes = nodeBuffer.baseAddress, let leaves = leafBuffer.baseAddress,
                  let classifiers = classifierBuffer.baseAddress, let stages = stageBuffer.baseAddress else { return }
            // The copies are empty until a level with step 2 is scanned; then only they are read.
            let evenSum = evenSumBuffer.baseAddress ?? sum, oddSum = oddSumBuffer.baseAddress ?? sum
            let evenSquare = evenSquareBuffer.baseAddress ?? square, oddSquare = oddSquareBuffer.baseAddress ?? square
            let cascade = HaarWindowEvaluator(
                sum: sum, square: square, evenSum: evenSum, oddSum: oddSum, evenSquare: evenSquare, oddSquare: oddSquare,
                step: step, nodes: nodes, leaves: leaves, classifiers: classifiers, stages: stages,
                stageCount: stageBuffer.count, normCorners: normCorners, area: area)
            let vectorStages = min(Self.vectorStages, stageBuffer.count)
            var y = 0
            while y <= lastY {
                var x = 0
                while x <= lastX {
                    let origin = y &* stride &+ x
                    let valid = min(Self.lanes, (lastX - x) / step + 1)
                    let laneMask = valid >= Self.lanes ? 0xFF : (1 << valid) - 1
                    var (survivors, nextStage, marked) = cascade.earlyStages(
                        origin: origin, minimumStages: vectorStages, denseLanes: denseLanes, markStage: refineDepth)
                    survivors &= laneMask
                    if refine {
                        // Windows that got far enough in the eight-window run but no further (the others are
                        // judged below, one by one).
                        marked &= laneMask & ~survivors
                        while marked != 0 {
                            seeds.append(origin &+ marked.trailingZeroBitCount &* step)
                            marked &= marked - 1
                        }
                    }
                    while survivors != 0 {
                        let lane = survivors.trailingZeroBitCount
                        survivors &= survivors - 1
                        let depth = cascade.stagesPassed(origin: origin &+ lane &* step, from: nextStage)
                        if depth == stageBuffer.count {
                            found.append(Detection(x: Double(x + lane * step) * factor, y: Double(y) * factor,
                                                   width: Double(windowWidth) * factor, height: Double(windowHeight) * factor,
                                                   neighbours: 1))
                        }
                        if refine, depth >= refineDepth { seeds.append(origin &+ lane &* step) }
                    }
                    x &+= Self.lanes &* step
                }
                y &+= rowStep
            }
            guard refine, !seeds.isEmpty else { return }
            // The target grid's windows around a window of the coarse grid that passed or nearly passed,
            // up to the next coarse row and column, that the coarse grid skipped; each tried once.
            let reachX = step - targetStep == 0 ? targetStep : step - targetStep, reachY = rowStep - targetStep
            var tried = Set<Int>()
            for seed in seeds {
                let seedX = seed % stride, seedY = seed / stride
                for y in Swift.stride(from: max(seedY % targetStep, seedY - reachY), through: min(lastY, seedY + reachY), by: targetStep) {
                    for x in Swift.stride(from: max(seedX % targetStep, seedX - reachX), through: min(lastX, seedX + reachX), by: targetStep)
                    where x % step != 0 || y % rowStep != 0 {
                        let origin = y &* stride &+ x
                        guard tried.insert(origin).inserted,
                              cascade.stagesPassed(origin: origin, from: 0) == stageBuffer.count else { continue }
                        found.append(Detection(x: Double(x) * factor, y: Double(y) * factor,
                                               width: Double(windowWidth) * factor, height: Double(windowHeight) * factor,
                                               neighbours: 1))
                    }
                }
            }
        }}}}}}}}}}
        hits += found
    }

    /// Merges hits that are the same object (OpenCV's `groupRectangles` rule), averages each
    /// group, keeps groups of more than `minNeighbours` hits, and drops a group lying inside a
    /// larger, at least as certain one. The hits are put in one order first (size, then place): the
    /// averages, and so whether a group just inside another is dropped, then do not depend on the
    /// order the scan found them in.
    static func group(_ hits: [Detection], minNeighbours: Int, tolerance: Double) -> [Detection] {
        let hits = hits.sorted { ($0.width, $0.y, $0.x) < ($1.width, $1.y, $1.x) }
        var parent = Array(hits.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index { parent[index] = parent[parent[index]]; index = parent[index] }
            return index
        }
        for a in hits.indices {
            for b in (a + 1)..<hits.count where similar(hits[a], hits[b], tolerance: tolerance) {
                let ra = root(a), rb = root(b)
                if ra != rb { parent[rb] = ra }
            }
        }
        var groups: [Int: Detection] = [:]
        for index in hits.indices {
            let hit = hits[index]
            var group = groups[root(index)] ?? Detection(x: 0, y: 0, width: 0, height: 0, neighbours: 0)
            group.x += hit.x; group.y += hit.y; group.width += hit.width; group.height += hit.height
            group.neighbours += 1
            groups[root(index)] = group
        }
        let merged: [Detection] = groups.values.compactMap { group in
            guard group.neighbours > minNeighbours else { return nil }
            let n = Double(group.neighbours)
            return Detection(x: group.x / n, y: group.y / n, width: group.width / n, height: group.height / n,
                             neighbours: group.neighbours)
        }
        return merged.filter { inner in
            !merged.contains { outer in
                guard outer != inner, outer.neighbours >= inner.neighbours, outer.width > inner.width else { return false }
                let dx = outer.width * tolerance, dy = outer.height * tolerance
                return inner.x >= outer.x - dx && inner.y >= outer.y - dy
                    && inner.x + inner.width <= outer.x + outer.width + dx
                    && inner.y + inner.height <= outer.y + outer.height + dy
            }
        }.sorted { a, b in
            // Most certain first; ties (equal hit counts) by position, so the order never depends on
            // the dictionary's iteration order.
            (a.neighbours, b.y, b.x) > (b.neighbours, a.y, a.x)
        }
    }

    private static func similar(_ a: Detection, _ b: Detection, tolerance: Double) -> Bool {
        let delta = tolerance * (min(a.width, b.width) + min(a.height, b.height)) * 0.5
        return abs(a.x - b.x) <= delta && abs(a.y - b.y) <= delta
            && abs(a.x + a.width - b.x - b.width) <= delta && abs(a.y + a.height - b.y - b.height) <= delta
    }
}
