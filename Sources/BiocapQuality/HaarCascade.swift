import Foundation

/// A boosted cascade of Haar-like features (Viola–Jones), as trained and saved by OpenCV
/// (`opencv_traincascade` XML: stages of weak classifiers, each a small decision tree over rectangle
/// features). Held flat, in arrays, so evaluation touches no objects.
struct HaarCascade: Sendable {
    /// One rectangle of a feature, in window pixels, with its weight.
    struct Rectangle: Sendable {
        var x: Int, y: Int, width: Int, height: Int
        var weight: Double
    }

    /// A tree node: compares feature `feature` (normalised) with `threshold`; below goes `left`,
    /// else `right`. A child index ≤ 0 is a leaf: leaf `-index` of the classifier.
    struct Node: Sendable {
        var feature: Int
        var threshold: Double
        var left: Int
        var right: Int
    }

    /// A weak classifier: its nodes and leaves, as ranges into `nodes` and `leaves`.
    struct Classifier: Sendable {
        var firstNode: Int
        var firstLeaf: Int
    }

    struct Stage: Sendable {
        var firstClassifier: Int
        var classifierCount: Int
        var threshold: Double
    }

    /// Size of the detection window the cascade was trained on.
    var windowWidth: Int
    var windowHeight: Int
    var stages: [Stage]
    var classifiers: [Classifier]
    var nodes: [Node]
    var leaves: [Double]
    /// Rectangles of each feature: `featureRects[featureStart[i] ..< featureStart[i + 1]]`.
    var featureRects: [Rectangle]
    var featureStart: [Int]

    var featureCount: Int { featureStart.count - 1 }

    /// Where Debian's and Ubuntu's `opencv-data` package installs the cascades.
    static let systemDirectory = "/usr/share/opencv4/haarcascades"

    /// Reads an OpenCV cascade XML file.
    /// - Throws: `HaarCascadeError` when the file is missing, not XML, or not a Haar cascade in the
    ///   `opencv_traincascade` format.
    static func load(path: String) throws(HaarCascadeError) -> HaarCascade {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try HaarCascadeParser.parse(data, source: path)
    }

    /// Checks that every index points inside its array, so evaluation can use unchecked access.
    func validate(source: String) throws(HaarCascadeError) {
        guard windowWidth >= 4, windowHeight >= 4, !stages.isEmpty else {
            throw .malformed(source, "window \(windowWidth)×\(windowHeight), \(stages.count) stages")
        }
        for rect in featureRects {
            guard rect.x >= 0, rect.y >= 0, rect.width > 0, rect.height > 0,
                  rect.x + rect.width <= windowWidth, rect.y + rect.height <= windowHeight else {
                throw .malformed(source, "feature rectangle outside the \(windowWidth)×\(windowHeight) window")
            }
        }
        for feature in 0..<featureCount where featureStart[feature + 1] - featureStart[feature] > 3 {
            throw .unsupported(source, "feature \(feature) has more than three rectangles")
        }
        for stage in stages where stage.firstClassifier + stage.classifierCount > classifiers.count {
            throw .malformed(source, "stage refers to missing classifiers")
        }
        for (index, classifier) in classifiers.enumerated() {
            let nodeEnd = index + 1 < classifiers.count ? classifiers[index + 1].firstNode : nodes.count
            let leafEnd = index + 1 < classifiers.count ? classifiers[index + 1].firstLeaf : leaves.count
            let nodeCount = nodeEnd - classifier.firstNode, leafCount = leafEnd - classifier.firstLeaf
            guard nodeCount >= 1, leafCount == nodeCount + 1 else {
                throw .malformed(source, "a classifier has \(nodeCount) nodes and \(leafCount) leaves")
            }
            for (position, node) in nodes[classifier.firstNode..<nodeEnd].enumerated() {
                guard node.feature >= 0, node.feature < featureCount,
                      node.left < nodeCount, node.right < nodeCount,
                      -node.left < leafCount, -node.right < leafCount else {
                    throw .malformed(source, "a tree node points outside its classifier")
                }
                // The eight-window evaluation walks each tree in one pass in node order.
                guard node.left <= 0 || node.left > position, node.right <= 0 || node.right > position else {
                    throw .unsupported(source, "a tree node's child comes before it")
                }
            }
        }
    }
}

/// Why a Haar cascade file could not be used.
enum HaarCascadeError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case notXML(String, String)
    case malformed(String, String)
    case unsupported(String, String)

    var description: String {
        switch self {
        case .unreadable(let path): "Haar cascade \(path): cannot read the file"
        case .notXML(let path, let detail): "Haar cascade \(path): not XML (\(detail))"
        case .malformed(let path, let detail): "Haar cascade \(path): malformed (\(detail))"
        case .unsupported(let path, let detail): "Haar cascade \(path): unsupported (\(detail))"
        }
    }
}
