/// Runs a `HaarPreparedCascade` on windows of one integral image: eight horizontally neighbouring
/// windows at once through the first stages (SIMD lanes, branch-free tree walks), then one window
/// at a time. Holds raw pointers valid only inside the caller's `withUnsafeBufferPointer` scope.
///
/// With a window step of 2 the eight windows' corners are every second integral value; the
/// integrals' even and odd columns are then read from de-interleaved copies (`evenSum`, `oddSum`, …,
/// index `i` holding value `2i` or `2i + 1`), so every lane load is one contiguous vector load.
struct HaarWindowEvaluator {
    typealias Lanes = SIMD8<Int32>
    typealias Values = SIMD8<Float>

    let sum: UnsafePointer<Int32>
    let square: UnsafePointer<Int32>
    /// De-interleaved copies of `sum` and `square` (used when `step` is 2).
    let evenSum: UnsafePointer<Int32>
    let oddSum: UnsafePointer<Int32>
    let evenSquare: UnsafePointer<Int32>
    let oddSquare: UnsafePointer<Int32>
    let step: Int
    let nodes: UnsafePointer<HaarPreparedCascade.Node>
    let leaves: UnsafePointer<Float>
    let classifiers: UnsafePointer<HaarPreparedCascade.Classifier>
    let stages: UnsafePointer<HaarPreparedCascade.Stage>
    let stageCount: Int
    /// Offsets of the normalisation rectangle (the window less a one-pixel border).
    let normCorners: SIMD4<Int32>
    let area: Double

    // MARK: Eight windows

    /// The values at `origin + offset`, `origin + offset + step`, … (eight of them).
    @inline(__always) @_optimize(speed)
    private func load(sums: Bool, _ origin: Int, _ offset: Int32) -> Lanes {
        if step == 1 {
            return UnsafeRawPointer((sums ? sum : square) + (origin &+ Int(offset))).loadUnaligned(as: Lanes.self)
        }
        // origin is even (even x, even y), so the parity of the offset picks the copy.
        let odd = offset & 1 != 0
        let base = sums ? (odd ? oddSum : evenSum) : (odd ? oddSquare : evenSquare)
        return UnsafeRawPointer(base + ((origin &>> 1) &+ Int(offset &>> 1))).loadUnaligned(as: Lanes.self)
    }

    @inline(__always) @_optimize(speed)
    private func rectangle(sums: Bool, _ origin: Int, _ corners: SIMD4<Int32>) -> Lanes {
        load(sums: sums, origin, corners.w) &- load(sums: sums, origin, corners.y)
            &- load(sums: sums, origin, corners.z) &+ load(sums: sums, origin, corners.x)
    }

    @inline(__always) @_optimize(speed)
    private static func float(_ lanes: Lanes) -> Values {
        Values(Float(lanes[0]), Float(lanes[1]), Float(lanes[2]), Float(lanes[3]),
               Float(lanes[4]), Float(lanes[5]), Float(lanes[6]), Float(lanes[7]))
    }

    /// `ifTrue` in the lanes where `bits` is all ones, else `ifFalse` (bit operations: the generic
    /// `replacing(with:where:)` and the comparison operators build their masks lane by lane).
    @inline(__always) @_optimize(speed)
    private static func select(_ bits: Lanes, _ ifTrue: Lanes, _ ifFalse: Lanes) -> Lanes {
        (ifTrue & bits) | (ifFalse & ~bits)
    }

    @inline(__always) @_optimize(speed)
    private static func select(_ bits: Lanes, _ ifTrue: Values, _ ifFalse: Values) -> Values {
        unsafeBitCast(select(bits, unsafeBitCast(ifTrue, to: Lanes.self), unsafeBitCast(ifFalse, to: Lanes.self)), to: Values.self)
    }

    /// All ones in the lanes where `a < b`, from the sign of `a − b` (exact: the difference of two
    /// different floats is never zero).
    @inline(__always) @_optimize(speed)
    private static func less(_ a: Values, _ b: Values) -> Lanes {
        unsafeBitCast(a - b, to: Lanes.self) &>> 31
    }

    /// All ones in the lanes equal to `value`.
    @inline(__always) @_optimize(speed)
    private static func equal(_ lanes: Lanes, _ value: Int32) -> Lanes {
        let difference = lanes ^ Lanes(repeating: value)
        return ~((difference | (Lanes.zero &- difference)) &>> 31)
    }

    /// The standard deviation normaliser of each window (OpenCV's `√(area·Σx² − (Σx)²)`, 1 when flat).
    @inline(__always) @_optimize(speed)
    private func norms(_ origin: Int) -> Values {
        let sums = rectangle(sums: true, origin, normCorners)
        let squares = rectangle(sums: false, origin, normCorners)
        var result = Values(repeating: 1)
        for lane in 0..<Lanes.scalarCount {
            let windowSum = Double(sums[lane])
            let variance = area * Double(UInt32(bitPattern: squares[lane])) - windowSum * windowSum
            if variance > 1 { result[lane] = Float(variance.squareRoot()) }
        }
        return result
    }

    /// All ones in the lanes whose feature value lies below the node's threshold.
    @inline(__always) @_optimize(speed)
    private func goesLeft(_ node: HaarPreparedCascade.Node, _ origin: Int, _ norm: Values) -> Lanes {
        var value = Self.float(rectangle(sums: true, origin, node.corners.0)) * node.weights.x
        value += Self.float(rectangle(sums: true, origin, node.corners.1)) * node.weights.y
        if node.rectangleCount > 2 {
            value += Self.float(rectangle(sums: true, origin, node.corners.2)) * node.weights.z
        }
        return Self.less(value, node.threshold * norm)
    }

    /// Runs stages on the eight windows at `origin`, `origin + step`, … (`origin` even when `step`
    /// is 2): at least `minimumStages`, then on while at least `denseLanes` windows are still alive
    /// (next to a face most are, and eight at once cost about what one does). Returns a bit per
    /// window (bit 0 = the first) that passed every stage run, the next stage to run, and a bit per
    /// window that passed at least `markStage` stages here (0 when the run stopped before that stage).
    @_optimize(speed)
    func earlyStages(origin: Int, minimumStages: Int, denseLanes: Int, markStage: Int) -> (survivors: Int, nextStage: Int, marked: Int) {
        let norm = norms(origin)
        var alive = Lanes(repeating: -1)
        var marked = 0
        var stageIndex = 0
        while stageIndex < stageCount {
            let stage = stages[stageIndex]
            var total = Values(repeating: 0)
            var classifierIndex = Int(stage.firstClassifier)
            while classifierIndex < Int(stage.classifierEnd) {
                let classifier = classifiers[classifierIndex]
                let first = Int(classifier.firstNode)
                let leaf = classifier.shapeLeaves
                switch classifier.shape {
                case .stump:
                    total += Self.select(goesLeft(nodes[first], origin, norm), Values(repeating: leaf.x), Values(repeating: leaf.y))
                case .secondOnLeft, .secondOnRight:
                    let second = Self.select(goesLeft(nodes[first &+ 1], origin, norm),
                                             Values(repeating: leaf.x), Values(repeating: leaf.y))
                    let root = goesLeft(nodes[first], origin, norm)
                    total += classifier.shape == .secondOnLeft
                        ? Self.select(root, second, Values(repeating: leaf.z))
                        : Self.select(root, Values(repeating: leaf.z), second)
                case .general:
                    total += generalTree(classifier, origin, norm)
                }
                classifierIndex &+= 1
            }
            alive &= ~Self.less(total, Values(repeating: stage.threshold))
            if alive == .zero { return (0, stageIndex &+ 1, marked) }
            stageIndex &+= 1
            if stageIndex == markStage { marked = Self.bits(alive) }
            if stageIndex >= minimumStages, Int((alive & 1).wrappedSum()) < denseLanes { break }
        }
        return (Self.bits(alive), stageIndex, marked)
    }

    /// Bit `i` set where lane `i` is all ones.
    @inline(__always) @_optimize(speed)
    private static func bits(_ lanes: Lanes) -> Int {
        var bits = 0
        for lane in 0..<Lanes.scalarCount where lanes[lane] != 0 { bits |= 1 << lane }
        return bits
    }

    /// Any tree: every lane walks down from the root (children come after their parent, which the
    /// cascade's validation checks, so one pass in node order reaches every lane's leaf).
    @inline(never) @_optimize(speed)
    private func generalTree(_ classifier: HaarPreparedCascade.Classifier, _ origin: Int, _ norm: Values) -> Values {
        let first = Int(classifier.firstNode), nodeCount = Int(classifier.nodeCount)
        // Where each lane is: > 0 a node, ≤ 0 a leaf (0 is also the root, before the first step).
        var position = Lanes(repeating: 0)
        for nodeIndex in 0..<nodeCount {
            let node = nodes[first &+ nodeIndex]
            let next = Self.select(goesLeft(node, origin, norm), Lanes(repeating: node.left), Lanes(repeating: node.right))
            position = Self.select(Self.equal(position, Int32(nodeIndex)), next, position)
        }
        var total = Values(repeating: 0)
        for leaf in 0...nodeCount {
            let value = Lanes(repeating: Int32(bitPattern: leaves[Int(classifier.firstLeaf) &+ leaf].bitPattern))
            total += unsafeBitCast(Self.equal(position, Int32(-leaf)) & value, to: Values.self)
        }
        return total
    }

    // MARK: One window

    /// Runs stages `firstStage…` on the window at `origin`; returns the first stage it fails, or
    /// `stageCount` when it passes them all.
    @_optimize(speed)
    func stagesPassed(origin: Int, from firstStage: Int) -> Int {
        let n = normCorners
        let windowSum = Double(rectangle(origin, n))
        let windowSquare = Double(UInt32(bitPattern: square[origin &+ Int(n.w)] &- square[origin &+ Int(n.y)]
            &- square[origin &+ Int(n.z)] &+ square[origin &+ Int(n.x)]))
        let variance = area * windowSquare - windowSum * windowSum
        let norm = variance > 1 ? Float(variance.squareRoot()) : 1
        var stageIndex = firstStage
        while stageIndex < stageCount {
            let stage = stages[stageIndex]
            var total: Float = 0
            var classifierIndex = Int(stage.firstClassifier)
            while classifierIndex < Int(stage.classifierEnd) {
                let classifier = classifiers[classifierIndex]
                var nodeIndex: Int32 = 0
                repeat {
                    let node = nodes[Int(classifier.firstNode &+ nodeIndex)]
                    var value = Float(rectangle(origin, node.corners.0)) * node.weights.x
                    value += Float(rectangle(origin, node.corners.1)) * node.weights.y
                    if node.rectangleCount > 2 { value += Float(rectangle(origin, node.corners.2)) * node.weights.z }
                    nodeIndex = value < node.threshold * norm ? node.left : node.right
                } while nodeIndex > 0
                total += leaves[Int(classifier.firstLeaf &- nodeIndex)]
                classifierIndex &+= 1
            }
            if total < stage.threshold { return stageIndex }
            stageIndex &+= 1
        }
        return stageCount
    }

    @inline(__always) @_optimize(speed)
    private func rectangle(_ origin: Int, _ corners: SIMD4<Int32>) -> Int32 {
        sum[origin &+ Int(corners.w)] &- sum[origin &+ Int(corners.y)] &- sum[origin &+ Int(corners.z)] &+ sum[origin &+ Int(corners.x)]
    }
}
