import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads OpenCV's cascade XML into a `HaarCascade`: first into a small element tree (the files are
/// about 1 MB), then walks the tree. Tolerant of whitespace, comments and element order; strict about
/// numbers and indices.
final class HaarCascadeParser: NSObject, XMLParserDelegate {
    /// An XML element with its children and its own text.
    final class Element {
        let name: String
        var children: [Element] = []
        var text = ""
        init(name: String) { self.name = name }

        func child(_ name: String) -> Element? { children.first { $0.name == name } }
        var numbers: [Double] { words.compactMap { Double($0) } }
        var wordCount: Int { words.count }

        /// The text split at ASCII whitespace (all the files use), scanning UTF-8 bytes: splitting on
        /// `Character.isWhitespace` walked grapheme clusters and Unicode properties over a megabyte of digits and
        /// was most of a cascade's load (every daemon loads two).
        var words: [Substring] {
            var words: [Substring] = []
            let bytes = text.utf8
            var start: String.Index?
            var index = bytes.startIndex
            while index != bytes.endIndex {
                let byte = bytes[index]
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    if let first = start { words.append(text[first..<index]) }
                    start = nil
                } else if start == nil {
                    start = index
                }
                index = bytes.index(after: index)
            }
            if let first = start { words.append(text[first..<bytes.endIndex]) }
            return words
        }
    }

    private var stack: [Element] = [Element(name: "#document")]

    static func parse(_ data: Data, source: String) throws(HaarCascadeError) -> HaarCascade {
        let delegate = HaarCascadeParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse(), let document = delegate.stack.first else {
            throw .notXML(source, parser.parserError.map { "\($0)" } ?? "parse failed")
        }
        return try build(document, source: source)
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let element = Element(name: elementName)
        stack.last?.children.append(element)
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if stack.count > 1 { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    private static func find(_ name: String, in element: Element) -> Element? {
        if element.name == name { return element }
        for child in element.children { if let found = find(name, in: child) { return found } }
        return nil
    }

    private static func build(_ document: Element, source: String) throws(HaarCascadeError) -> HaarCascade {
        guard let cascade = find("cascade", in: document) else {
            if find("trees", in: document) != nil {
                throw .unsupported(source, "old-style cascade; convert it with opencv_traincascade's format")
            }
            throw .malformed(source, "no <cascade> element")
        }
        if let type = cascade.child("featureType")?.text.trimmingCharacters(in: .whitespacesAndNewlines),
           type.uppercased() != "HAAR" {
            throw .unsupported(source, "feature type \(type)")
        }
        guard let width = cascade.child("width")?.numbers.first, let height = cascade.child("height")?.numbers.first,
              let stagesElement = cascade.child("stages"), let featuresElement = cascade.child("features") else {
            throw .malformed(source, "missing width, height, stages or features")
        }
        var result = HaarCascade(windowWidth: Int(width), windowHeight: Int(height), stages: [], classifiers: [],
                                 nodes: [], leaves: [], featureRects: [], featureStart: [0])
        for stage in stagesElement.children {
            guard let threshold = stage.child("stageThreshold")?.numbers.first,
                  let weak = stage.child("weakClassifiers") else {
                throw .malformed(source, "stage without threshold or classifiers")
            }
            result.stages.append(HaarCascade.Stage(firstClassifier: result.classifiers.count,
                                                   classifierCount: weak.children.count, threshold: threshold))
            for classifier in weak.children {
                guard let internalNodes = classifier.child("internalNodes"), let leafValues = classifier.child("leafValues") else {
                    throw .malformed(source, "classifier without nodes or leaves")
                }
                let values = internalNodes.numbers, leaves = leafValues.numbers
                guard values.count == internalNodes.wordCount, leaves.count == leafValues.wordCount,
                      !values.isEmpty, values.count % 4 == 0 else {
                    throw .malformed(source, "internalNodes must be groups of four numbers")
                }
                result.classifiers.append(HaarCascade.Classifier(firstNode: result.nodes.count,
                                                                 firstLeaf: result.leaves.count))
                for start in stride(from: 0, to: values.count, by: 4) {
                    result.nodes.append(HaarCascade.Node(feature: Int(values[start + 2]), threshold: values[start + 3],
                                                         left: Int(values[start]), right: Int(values[start + 1])))
                }
                result.leaves += leaves
            }
        }
        for feature in featuresElement.children {
            if let tilted = feature.child("tilted")?.numbers.first, tilted != 0 {
                throw .unsupported(source, "tilted (45°) features")
            }
            guard let rects = feature.child("rects"), !rects.children.isEmpty else {
                throw .malformed(source, "feature without rectangles")
            }
            for rect in rects.children {
                let numbers = rect.numbers
                guard numbers.count == 5 else { throw .malformed(source, "a rectangle needs x y width height weight") }
                result.featureRects.append(HaarCascade.Rectangle(
                    x: Int(numbers[0]), y: Int(numbers[1]), width: Int(numbers[2]), height: Int(numbers[3]),
                    weight: numbers[4]))
            }
            result.featureStart.append(result.featureRects.count)
        }
        try result.validate(source: source)
        return result
    }
}
