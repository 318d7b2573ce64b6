/// A `HaarCascade` laid out for one integral-image row stride: every tree node carries its
/// feature's rectangles as corner offsets into the integral image and its weights as `Float`, so
/// evaluating a window touches one node record per feature and no index tables. Rebuilt only
/// when the stride changes (once per pyramid level).
struct HaarPreparedCascade {
    /// A node: up to three weighted rectangles (unused ones have weight 0 and zero offsets, so
    /// they add nothing), the threshold, and the children (≤ 0: a leaf, as in `HaarCascade.Node`).
    struct Node {
        /// Corner offsets per rectangle: top-left, top-right, bottom-left, bottom-right.
        var corners: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>)
        var weights: SIMD4<Float>
        var rectangleCount: Int32
        var threshold: Float
        var left: Int32
        var right: Int32
    }

    struct Classifier {
        var firstNode: Int32
        var nodeCount: Int32
        var firstLeaf: Int32
        /// The tree's shape, for the eight-window path: a stump (one node), two nodes with the
        /// second under the root's left or right branch, or anything else (walked generically).
        var shape: Shape
        /// Leaf values in the order the shape reads them: stump (left, right); two nodes (the
        /// second node's left and right, then the root's other branch).
        var shapeLeaves: SIMD4<Float>
    }

    enum Shape: Int32 { case stump, secondOnLeft, secondOnRight, general }

    struct Stage {
        var firstClassifier: Int32
        var classifierEnd: Int32
        var threshold: Float
    }

    private(set) var stride = -1
    private(set) var nodes: [Node] = []
    private(set) var classifiers: [Classifier] = []
    private(set) var leaves: [Float] = []
    private(set) var stages: [Stage] = []
    /// The nodes with each rectangle as (x, y, width, height) in `corners`: the stride-free form.
    private var geometry: [Node] = []

    /// Prepares `cascade` for integral images of row stride `stride` (no work when already done).
    @_optimize(speed)
    mutating func prepare(_ cascade: HaarCascade, stride: Int) {
        guard stride != self.stride else { return }
        self.stride = stride
        if classifiers.isEmpty {
            classifiers = cascade.classifiers.enumerated().map { index, classifier in
                let end = index + 1 < cascade.classifiers.count ? cascade.classifiers[index + 1].firstNode : cascade.nodes.count
                let nodes = cascade.nodes[classifier.firstNode..<end].map { $0 }
                let leaf = { (child: Int) in Float(cascade.leaves[classifier.firstLeaf - child]) }
                var shape = Shape.general, shapeLeaves = SIMD4<Float>.zero
                if nodes.count == 1 {
                    shape = .stump
                    shapeLeaves = SIMD4(leaf(nodes[0].left), leaf(nodes[0].right), 0, 0)
                } else if nodes.count == 2, nodes[1].left <= 0, nodes[1].right <= 0 {
                    if nodes[0].left == 1, nodes[0].right <= 0 {
                        shape = .secondOnLeft
                        shapeLeaves = SIMD4(leaf(nodes[1].left), leaf(nodes[1].right), leaf(nodes[0].right), 0)
                    } else if nodes[0].right == 1, nodes[0].left <= 0 {
                        shape = .secondOnRight
                        shapeLeaves = SIMD4(leaf(nodes[1].left), leaf(nodes[1].right), leaf(nodes[0].left), 0)
                    }
                }
                return Classifier(firstNode: Int32(classifier.firstNode), nodeCount: Int32(end - classifier.firstNode),
                                  firstLeaf: Int32(classifier.firstLeaf), shape: shape, shapeLeaves: shapeLeaves)
            }
            leaves = cascade.leaves.map { Float($0) }
            stages = cascade.stages.map {
                Stage(firstClassifier: Int32($0.firstClassifier), classifierEnd: Int32($0.firstClassifier + $0.classifierCount),
                      threshold: Float($0.threshold))
            }
        }
        // Per level: offsets from each rectangle's geometry (x, y, width, height), no allocation per node.
        if geometry.isEmpty {
            geometry = cascade.nodes.map { node in
                let first = cascade.featureStart[node.feature], end = cascade.featureStart[node.feature + 1]
                var rects = (SIMD4<Int32>.zero, SIMD4<Int32>.zero, SIMD4<Int32>.zero)
                var weights = SIMD4<Float>.zero
                // Validated cascades have two or three rectangles per feature.
                for (slot, index) in (first..<min(end, first + 3)).enumerated() {
                    let rect = cascade.featureRects[index]
                    let packed = SIMD4(Int32(rect.x), Int32(rect.y), Int32(rect.width), Int32(rect.height))
                    switch slot {
                    case 0: rects.0 = packed
                    case 1: rects.1 = packed
                    default: rects.2 = packed
                    }
                    weights[slot] = Float(rect.weight)
                }
                return Node(corners: rects, weights: weights, rectangleCount: Int32(min(3, end - first)),
                            threshold: Float(node.threshold), left: Int32(node.left), right: Int32(node.right))
            }
        }
        let rowStride = Int32(stride)
        @inline(__always) func corners(_ rect: SIMD4<Int32>) -> SIMD4<Int32> {
            // An unused slot (all zero) gives four zero offsets: a rectangle sum of 0.
            let top = rect.y &* rowStride &+ rect.x, bottom = (rect.y &+ rect.w) &* rowStride &+ rect.x
            return SIMD4(top, top &+ rect.z, bottom, bottom &+ rect.z)
        }
        nodes = geometry
        nodes.withUnsafeMutableBufferPointer { nodes in
            for index in nodes.indices {
                nodes[index].corners = (corners(nodes[index].corners.0), corners(nodes[index].corners.1), corners(nodes[index].corners.2))
            }
        }
    }
}
