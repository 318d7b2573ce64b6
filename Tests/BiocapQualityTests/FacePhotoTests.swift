import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

@Suite("Face quality on real photos")
struct FacePhotoTests {
    @Test("A face is found in most of the real portraits")
    func detectionRate() throws {
        let folder = TestData.data("face/photos")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jpg") }.sorted()
        let assessor = QualityAssessor()
        var decoded = 0, found = 0
        for file in files {
            // One file of the set is not a JPEG despite its name; it is skipped, not counted.
            guard let image = try? JPEGCodec.decode([UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))) else {
                continue
            }
            decoded += 1
            let report = assessor.assess(image, position: .face)
            if report.metric(MetricName.faceFound) == 1 {
                found += 1
                #expect(report.guidance.first != .noFace)
            } else {
                #expect(report.score == 0)
            }
        }
        print("face: found in \(found)/\(decoded) real photos")
        #expect(decoded >= 45)
        // Haar cascade: 50 of 50 (the skin-chroma finder alone found 41).
        #expect(Double(found) >= 0.95 * Double(decoded))
    }

    @Test("Several people in view ask for one face only")
    func severalFaces() throws {
        let bytes = [UInt8](try Data(contentsOf: TestData.data("face/photos/selfie-many-people.jpg")))
        let report = QualityAssessor().assess(try JPEGCodec.decode(bytes), position: .face)
        print("face: selfie \(report.score) \(report.metrics) \(report.guidance)")
        #expect(report.metric(MetricName.facesFound) ?? 0 >= 2)
        #expect(report.guidance.first == .multipleFaces)
    }
}
