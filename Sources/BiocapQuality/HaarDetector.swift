/// Viola–Jones detection with a `HaarCascade`: a pyramid of the image shrunk by `scaleFactor` per
/// level, the cascade's window slid over each level (every second pixel on the finer levels), each
/// window normalised by its standard deviation, and the hits grouped (OpenCV's rule: hits whose
/// corners lie within 20 % of the smaller size of each other are one object, kept when more than
/// `minNeighbours` hits agree). Buffers are kept between calls.
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

    private var level: [UInt8] = []
    private var integral: [Int] = []
    private var squared: [Double] = []
    private var offsets: [Int] = []
    private var weights: [Double] = []
    private var hits: [Detection] = []

    init(cascade: HaarCascade) { self.cascade = cascade }

    /// Objects in an 8-bit grey image no smaller than `minimumSize` pixels (default: the window).
    @_optimize(speed)
    mutating func detect(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, minimumSize: Int = 0) -> [Detection] {
        hits.removeAll(keepingCapacity: true)
        let windowWidth = cascade.windowWidth, windowHeight = cascade.windowHeight
        var factor = max(1, Double(minimumSize) / Double(windowWidth))
        while true {
            let levelWidth = Int(Double(width) / factor), levelHeight = Int(Double(height) / factor)
            guard levelWidth >= windowWidth, levelHeight >= windowHeight else { break }
            Self.resample(pixels, width: width, height: height, into: &level, width: levelWidth, height: levelHeight)
            buildIntegrals(width: levelWidth, height: levelHeight)
            scan(width: levelWidth, height: levelHeight, factor: factor, step: factor > 2 ? 1 : 2)
            factor *= scaleFactor
        }
        return Self.group(hits, minNeighbours: minNeighbours, tolerance: groupingTolerance)
    }

    /// Bilinear resampling (pixel centres aligned), enough for shrinking by less than two per level
    /// from an image already reduced to about the detection scale.
    @_optimize(speed)
    static func resample(_ source: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
                         into target: inout [UInt8], width targetWidth: Int, height targetHeight: Int) {
        if target.count != targetWidth * targetHeight { target = [UInt8](repeating: 0, count: targetWidth * targetHeight) }
        let scaleX = Double(width) / Double(targetWidth), scaleY = Double(height) / Double(targetHeight)
        target.withUnsafeMutableBufferPointer { out in
            for y in 0..<targetHeight {
                let sy = max(0, min(Double(height - 1), (Double(y) + 0.5) * scaleY - 0.5))
                let y0 = Int(sy), y1 = min(height - 1, y0 + 1), fy = sy - Double(y0)
                for x in 0..<targetWidth {
                    let sx = max(0, min(Double(width - 1), (Double(x) + 0.5) * scaleX - 0.5))
                    let x0 = Int(sx), x1 = min(width - 1, x0 + 1), fx = sx - Double(x0)
                    let top = Double(source[y0 * width + x0]) * (1 - fx) + Double(source[y0 * width + x1]) * fx
                    let bottom = Double(source[y1 * width + x0]) * (1 - fx) + Double(source[y1 * width + x1]) * fx
                    out[y * targetWidth + x] = UInt8(min(255, top * (1 - fy) + bottom * fy + 0.5))
                }
            }
        }
    }

    @_optimize(speed)
    private mutating func buildIntegrals(width: Int, height: Int) {
        let stride = width + 1, count = stride * (height + 1)
        if integral.count < count {
            integral = [Int](repeating: 0, count: count)
            squared = [Double](repeating: 0, count: count)
        }
        level.withUnsafeBufferPointer { image in
            integral.withUnsafeMutableBufferPointer { sum in
                squared.withUnsafeMutableBufferPointer { square in
                    for x in 0...width { sum[x] = 0; square[x] = 0 }
                    for y in 0..<height {
                        var rowSum = 0, rowSquare = 0.0
                        sum[(y + 1) * stride] = 0; square[(y + 1) * stride] = 0
                        for x in 0..<width {
                            let value = Int(image[y * width + x])
                            rowSum += value
                            rowSquare += Double(value * value)
                            sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rowSum
                            square[(y + 1) * stride + x + 1] = square[y * stride + x + 1] + rowSquare
                        }
                    }
                }
            }
        }
    }

    /// Slides the window over one pyramid level and records the windows that pass every stage.
    @_optimize(speed)
    private mutating func scan(width: Int, height: Int, factor: Double, step: Int) {
        let stride = width + 1
        let rects = cascade.featureRects
        if offsets.count != rects.count * 4 { offsets = [Int](repeating: 0, count: rects.count * 4) }
        if weights.count != rects.count { weights = [Double](repeating: 0, count: rects.count) }
        for (index, rect) in rects.enumerated() {
            offsets[index * 4] = rect.y * stride + rect.x
            offsets[index * 4 + 1] = rect.y * stride + rect.x + rect.width
            offsets[index * 4 + 2] = (rect.y + rect.height) * stride + rect.x
            offsets[index * 4 + 3] = (rect.y + rect.height) * stride + rect.x + rect.width
            weights[index] = rect.weight
        }
        let windowWidth = cascade.windowWidth, windowHeight = cascade.windowHeight
        // OpenCV normalises by the window less a one-pixel border.
        let normTopLeft = stride + 1, normTopRight = stride + windowWidth - 1
        let normBottomLeft = (windowHeight - 1) * stride + 1, normBottomRight = (windowHeight - 1) * stride + windowWidth - 1
        let area = Double((windowWidth - 2) * (windowHeight - 2))
        var found: [Detection] = []
        // Raw pointers and while loops: the loop runs for every window of every level, and this
        // keeps it fast in debug builds too (no iterator or bounds-check calls).
        integral.withUnsafeBufferPointer { sumBuffer in
        squared.withUnsafeBufferPointer { squareBuffer in
        offsets.withUnsafeBufferPointer { offsetBuffer in
        weights.withUnsafeBufferPointer { weightBuffer in
        cascade.featureStart.withUnsafeBufferPointer { featureStartBuffer in
        cascade.nodes.withUnsafeBufferPointer { nodeBuffer in
        cascade.leaves.withUnsafeBufferPointer { leafBuffer in
        cascade.classifiers.withUnsafeBufferPointer { classifierBuffer in
        cascade.stages.withUnsafeBufferPointer { stageBuffer in
            guard let sum = sumBuffer.baseAddress, let square = squareBuffer.baseAddress,
                  let offset = offsetBuffer.baseAddress, let weight = weightBuffer.baseAddress,
                  let featureStart = featureStartBuffer.baseAddress, let nodes = nodeBuffer.baseAddress,
                  let leaves = leafBuffer.baseAddress, let classifiers = classifierBuffer.baseAddress,
                  let stages = stageBuffer.baseAddress else { return }
            let stageCount = stageBuffer.count
            var y = 0
            while y <= height - windowHeight {
                var x = 0
                while x <= width - windowWidth {
                    let origin = y &* stride &+ x
                    let windowSum = Double(sum[origin &+ normBottomRight] &- sum[origin &+ normTopRight]
                        &- sum[origin &+ normBottomLeft] &+ sum[origin &+ normTopLeft])
                    let windowSquare = square[origin &+ normBottomRight] - square[origin &+ normTopRight]
                        - square[origin &+ normBottomLeft] + square[origin &+ normTopLeft]
                    let variance = area * windowSquare - windowSum * windowSum
                    let norm = variance > 1 ? variance.squareRoot() : 1
                    var passed = true
                    var stageIndex = 0
                    while stageIndex < stageCount {
                        let stage = stages[stageIndex]
                        var total = 0.0
                        var classifierIndex = stage.firstClassifier
                        let classifierEnd = stage.firstClassifier &+ stage.classifierCount
                        while classifierIndex < classifierEnd {
                            let classifier = classifiers[classifierIndex]
                            var nodeIndex = 0
                            repeat {
                                let node = nodes[classifier.firstNode &+ nodeIndex]
                                var value = 0.0
                                var r = featureStart[node.feature]
                                let end = featureStart[node.feature &+ 1]
                                while r < end {
                                    let corners = offset + r &* 4
                                    let rectSum = sum[origin &+ corners[3]] &- sum[origin &+ corners[1]]
                                        &- sum[origin &+ corners[2]] &+ sum[origin &+ corners[0]]
                                    value += weight[r] * Double(rectSum)
                                    r &+= 1
                                }
                                nodeIndex = value < node.threshold * norm ? node.left : node.right
                            } while nodeIndex > 0
                            total += leaves[classifier.firstLeaf &- nodeIndex]
                            classifierIndex &+= 1
                        }
                        if total < stage.threshold { passed = false; break }
                        stageIndex &+= 1
                    }
                    if passed {
                        found.append(Detection(x: Double(x) * factor, y: Double(y) * factor,
                                               width: Double(windowWidth) * factor, height: Double(windowHeight) * factor,
                                               neighbours: 1))
                    }
                    x &+= step
                }
                y &+= step
            }
        }}}}}}}}}
        hits += found
    }

    /// Merges hits that are the same object (OpenCV's `groupRectangles` rule), averages each
    /// group, keeps groups of more than `minNeighbours` hits, and drops a group lying inside a
    /// larger, at least as certain one.
    static func group(_ hits: [Detection], minNeighbours: Int, tolerance: Double) -> [Detection] {
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
        }.sorted { $0.neighbours > $1.neighbours }
    }

    private static func similar(_ a: Detection, _ b: Detection, tolerance: Double) -> Bool {
        let delta = tolerance * (min(a.width, b.width) + min(a.height, b.height)) * 0.5
        return abs(a.x - b.x) <= delta && abs(a.y - b.y) <= delta
            && abs(a.x + a.width - b.x - b.width) <= delta && abs(a.y + a.height - b.y - b.height) <= delta
    }
}
