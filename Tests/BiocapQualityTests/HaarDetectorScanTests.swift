import BiocapCore
import BiocapImaging
@testable import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

/// The detector's shortcuts against its full scan (OpenCV's grid), on the real portraits: they may only change
/// the cost, not (beyond a pyramid step's worth of box) what is found.
@Suite("Haar detector: coarse-to-fine and eight-window scans on real portraits")
struct HaarDetectorScanTests {
    /// Every `every`-th shared portrait's luma, box-averaged to about the face finder's working width.
    /// (The debug build scans slowly, so the tests take a spread of the portraits; `biocap-bench
    /// --portraits` scores all of them in a release build.)
    static func workingImages(every: Int) throws -> [(name: String, pixels: [UInt8], width: Int, height: Int)] {
        let folder = TestData.data("face/photos")
        let all = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jpg") }.sorted()
        let files = stride(from: 0, to: all.count, by: every).map { all[$0] }
        return files.compactMap { file in
            guard case .rgb(let photo) = try? JPEGCodec.decode([UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))) else {
                return nil
            }
            let luma = photo.luma()
            let shrink = max(1, Int((Double(max(luma.width, luma.height)) / Double(HaarFaceFinder.workingWidth)).rounded()))
            let width = luma.width / shrink, height = luma.height / shrink
            var working: [UInt8] = []
            luma.pixels.withUnsafeBufferPointer {
                HaarFaceFinder.boxShrink($0, width: luma.width, x0: 0, y0: 0, x1: width * shrink, y1: height * shrink,
                                         factor: shrink, into: &working)
            }
            return (file, working, width, height)
        }
    }

    /// The face cascade's detector with the face finder's pyramid step.
    static func faceDetector(_ cascades: HaarFaceFinder.Cascades) -> HaarDetector {
        var detector = HaarDetector(cascade: cascades.face)
        detector.scaleFactor = HaarFaceFinder.pyramidStep
        return detector
    }

    static func detect(_ image: (name: String, pixels: [UInt8], width: Int, height: Int), _ detector: inout HaarDetector)
        -> [HaarDetector.Detection]
    {
        let minimum = Int(Double(image.height) * HaarFaceFinder.smallestFace)
        return image.pixels.withUnsafeBufferPointer { detector.detect($0, width: image.width, height: image.height, minimumSize: minimum) }
    }

    @Test("Scanning a coarser grid, then the skipped windows next to near-hits, finds the faces the full grid finds")
    func coarseToFineFindsTheExhaustiveFaces() throws {
        let cascades = try HaarFaceFinder.systemCascades.get()
        var coarse = Self.faceDetector(cascades), exhaustive = Self.faceDetector(cascades)
        exhaustive.coarseToFine = false
        let images = try Self.workingImages(every: 5)
        #expect(images.count >= 9)
        var sameSubject = 0
        for image in images {
            let a = Self.detect(image, &coarse), b = Self.detect(image, &exhaustive)
            guard let reference = b.first else { continue }
            // The subject (the most certain face) is the same face: centre within a fifth of its size, size
            // within a pyramid step.
            guard let subject = a.first else {
                Issue.record("\(image.name): exhaustive found \(reference), coarse-to-fine nothing")
                continue
            }
            let size = reference.width
            let centred = abs(subject.centreX - reference.centreX) <= 0.2 * size && abs(subject.centreY - reference.centreY) <= 0.2 * size
            let sized = subject.width / reference.width <= HaarFaceFinder.pyramidStep + 0.01
                && reference.width / subject.width <= HaarFaceFinder.pyramidStep + 0.01
            if centred && sized { sameSubject += 1 } else { Issue.record("\(image.name): coarse \(subject), exhaustive \(reference)") }
        }
        print("haar: coarse-to-fine subject = exhaustive subject in \(sameSubject)/\(images.count) portraits")
        #expect(sameSubject == images.count)
    }

    @Test("Eight windows going on together find exactly what windows judged one by one find")
    func denseLanesChangeNothing() throws {
        let cascades = try HaarFaceFinder.systemCascades.get()
        var together = Self.faceDetector(cascades), alone = Self.faceDetector(cascades)
        alone.denseLanes = HaarDetector.lanes + 1
        let images = try Self.workingImages(every: 12)
        for image in images {
            let a = Self.detect(image, &together), b = Self.detect(image, &alone)
            #expect(a == b, "\(image.name): \(a) vs \(b)")
            #expect(!a.isEmpty, "\(image.name): no face")
        }
        // The eye cascade (stumps, 24 stages) on the same rule, over the whole portrait.
        guard let eye = cascades.eye else { return }
        var eyesTogether = HaarDetector(cascade: eye), eyesAlone = HaarDetector(cascade: eye)
        eyesAlone.denseLanes = HaarDetector.lanes + 1
        for image in images {
            let a = image.pixels.withUnsafeBufferPointer { eyesTogether.detect($0, width: image.width, height: image.height) }
            let b = image.pixels.withUnsafeBufferPointer { eyesAlone.detect($0, width: image.width, height: image.height) }
            #expect(a == b, "\(image.name): eyes \(a) vs \(b)")
        }
    }
}
