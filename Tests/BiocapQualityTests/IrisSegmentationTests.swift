import BiocapCore
import BiocapImaging
@testable import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

/// Near-infrared iris cameras put their illuminators' glints inside the pupil and light it unevenly, and some frame
/// the eye so tightly that the iris is cut off; the CASIA-IrisV1 eyes of `shared/` have the glints and the uneven
/// light painted out and room around the iris, so these tests put each back on a real eye.
@Suite("Iris: segmentation on eyes as other cameras take them")
struct IrisSegmentationTests {
    /// The grey level CASIA-IrisV1 painted its pupils with: the commonest level among the dark ones.
    static func paintedLevel(_ eye: GrayImage) -> UInt8 {
        var counts = [Int](repeating: 0, count: 100)
        for value in eye.pixels where value < 100 { counts[Int(value)] += 1 }
        return UInt8(counts.indices.max { counts[$0] < counts[$1] } ?? 0)
    }

    /// The painted pupil of a CASIA-IrisV1 eye: centre and radius (from the area) of the pixels at its level.
    static func paintedPupil(_ eye: GrayImage) -> (x: Double, y: Double, radius: Double) {
        let level = paintedLevel(eye)
        var count = 0.0, sumX = 0.0, sumY = 0.0
        for y in 0..<eye.height {
            for x in 0..<eye.width where eye[x, y] == level {
                count += 1; sumX += Double(x); sumY += Double(y)
            }
        }
        return (sumX / max(1, count), sumY / max(1, count), (count / Double.pi).squareRoot())
    }

    /// The eye with its pupil lit unevenly (up to `gradient` grey levels brighter towards the bottom) and a ring
    /// of eight glints at half its radius, each a white disc of radius 3 in a grey rim (a JPEG-smeared edge).
    static func withReflections(_ eye: GrayImage, gradient: Double) -> GrayImage {
        let pupil = paintedPupil(eye)
        var result = eye
        let level = paintedLevel(eye)
        for y in 0..<eye.height {
            for x in 0..<eye.width where eye[x, y] == level {
                let lift = gradient * (Double(y) - (pupil.y - pupil.radius)) / (2 * pupil.radius)
                result[x, y] = UInt8(clamping: Int(eye[x, y]) + Int(max(0, lift)))
            }
        }
        for glint in 0..<8 {
            let angle = Double(glint) * Double.pi / 4
            let gx = pupil.x + 0.5 * pupil.radius * cos(angle), gy = pupil.y + 0.5 * pupil.radius * sin(angle)
            for y in Int(gy) - 6...Int(gy) + 6 {
                for x in Int(gx) - 6...Int(gx) + 6 {
                    let distance = ((Double(x) - gx) * (Double(x) - gx) + (Double(y) - gy) * (Double(y) - gy)).squareRoot()
                    if distance <= 3 { result[x, y] = 255 } else if distance <= 5 { result[x, y] = 140 }
                }
            }
        }
        return result
    }

    @Test("A pupil with the camera's glints and uneven light is found, and the iris measured as on the clean eye",
          arguments: ["001_1_1", "002_1_1", "003_1_1", "004_1_1", "005_1_1"])
    func glintsAndUnevenLight(_ file: String) throws {
        let eye = try NetPBM.decodeGray(try TestData.bytes("iris/casia1/\(file).pgm"))
        let assessor = QualityAssessor()
        let clean = assessor.assess(.gray(eye), position: .iris(.left))
        let lit = assessor.assess(.gray(Self.withReflections(eye, gradient: 40)), position: .iris(.left))
        print("iris reflections: \(file) clean \(clean.score) \(clean.metrics), with glints \(lit.score) \(lit.guidance) \(lit.metrics)")
        let cleanDiameter = try #require(clean.metric(MetricName.irisDiameter))
        let cleanRatio = try #require(clean.metric(MetricName.pupilIrisRatio))
        #expect(lit.metric(MetricName.pupilFound) == 1)
        let diameter = try #require(lit.metric(MetricName.irisDiameter))
        let ratio = try #require(lit.metric(MetricName.pupilIrisRatio))
        #expect(abs(diameter - cleanDiameter) <= 0.1 * cleanDiameter)
        #expect(abs(ratio - cleanRatio) <= 0.15 * cleanRatio)
        #expect(!lit.guidance.contains(.noEye))
        #expect(!lit.guidance.contains(.lookAtCamera))
    }

    @Test("An eye that fills the frame, its dilated pupil over a fifth of the frame's height, is found",
          arguments: ["002_1_1", "003_1_1"])
    func eyeFillingTheFrame(_ file: String) throws {
        let eye = try NetPBM.decodeGray(try TestData.bytes("iris/casia1/\(file).pgm"))
        let assessor = QualityAssessor()
        let whole = assessor.assess(.gray(eye), position: .iris(.left))
        let pupil = Self.paintedPupil(eye)
        // Rows cropped about the pupil so that its radius is 0.23 of the height (IITD's camera: up to 0.21).
        let rows = Int(pupil.radius / 0.23)
        let top = max(0, min(eye.height - rows, Int(pupil.y) - rows / 2))
        let tight = try GrayImage(width: eye.width, height: rows,
                                  pixels: Array(eye.pixels[(top * eye.width)..<((top + rows) * eye.width)]))
        let report = assessor.assess(.gray(tight), position: .iris(.left))
        print("iris filling the frame: \(file) \(eye.height) → \(rows) rows: \(report.score) \(report.guidance)")
        let wholeDiameter = try #require(whole.metric(MetricName.irisDiameter))
        #expect(report.metric(MetricName.pupilFound) == 1)
        let diameter = try #require(report.metric(MetricName.irisDiameter))
        #expect(abs(diameter - wholeDiameter) <= 0.15 * wholeDiameter)
    }

    @Test("Usable area on an iris circle whose top row holds no pixel centre does not trap")
    func chordNarrowerThanAPixel() throws {
        // Row 30 is 20 px above the centre: the circle of radius 20.005 crosses it in a chord 0.89 px wide,
        // centred between two pixel centres, so no column lies on it.
        let image = GrayImage(width: 200, height: 100, fill: 120)
        var measures = IrisISOMeasures()
        let area = image.pixels.withUnsafeBufferPointer {
            measures.usableArea($0, width: 200, height: 100,
                                pupil: IrisISOMeasures.Circle(x: 100.5, y: 50, radius: 8),
                                iris: IrisISOMeasures.Circle(x: 100.5, y: 50, radius: 20.005), pupilLevel: 10)
        }
        #expect(area > 0.9)
    }
}
