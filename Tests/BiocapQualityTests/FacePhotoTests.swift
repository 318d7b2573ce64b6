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
        // Measured 41 of 50 when written (misses: two very close or cropped faces, seven where skin
        // merges with a skin-coloured background or other people).
        #expect(Double(found) >= 0.72 * Double(decoded))
    }
}
