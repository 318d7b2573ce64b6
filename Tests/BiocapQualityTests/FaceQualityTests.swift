import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Testing

@Suite("Face quality")
struct FaceQualityTests {
    @Test("Uniform grey and random noise have no face")
    func noFaceInBlankOrNoise() throws {
        let assessor = QualityAssessor()
        let grey = RGBImage(width: 1280, height: 720, red: 128, green: 128, blue: 128)
        let noise = try RGBImage(width: 1280, height: 720, pixels: ImageTransforms.noise(count: 1280 * 720 * 3))
        for image in [grey, noise] {
            let report = assessor.assess(.rgb(image), position: .face)
            #expect(report.metric(MetricName.faceFound) == 0)
            #expect(report.guidance.first == .noFace)
            #expect(report.score == 0)
        }
    }

    @Test("A fingerprint or an eye given as a face frame has no face")
    func noFaceInOtherModalities() throws {
        let assessor = QualityAssessor()
        for file in ["fingerprints/fvc2000-db2/101_1.pgm", "iris/casia1/003_1_1.pgm"] {
            let image = try NetPBM.decodeGray(try TestData.bytes(file))
            let report = assessor.assess(.gray(image), position: .face)
            #expect(report.metric(MetricName.faceFound) == 0, "\(file)")
            #expect(report.guidance.first == .noFace)
        }
    }

    @Test("A well-exposed centred face beats the same face dark, blurred or at the edge")
    func degradationsLowerScore() {
        let assessor = QualityAssessor()
        let face = SyntheticFace.make()
        let good = assessor.assess(.rgb(face), position: .face)
        print("face: good \(good.score) \(good.metrics) \(good.guidance)")
        #expect(good.metric(MetricName.faceFound) == 1)
        #expect(good.score >= 60)
        #expect(good.guidance.isEmpty)
        if let size = good.metric(MetricName.faceSize) { #expect(abs(size - 400.0 / 720) < 0.08) }

        let dark = assessor.assess(.rgb(ImageTransforms.scaled(face, factor: 0.25)), position: .face)
        print("face: dark \(dark.score) \(dark.metrics) \(dark.guidance)")
        #expect(dark.score < good.score)
        #expect(dark.guidance.contains(.tooDark))

        let blurred = assessor.assess(.rgb(ImageTransforms.blurred(face, radius: 4)), position: .face)
        print("face: blurred \(blurred.score) \(blurred.metrics) \(blurred.guidance)")
        #expect(blurred.score < good.score)
        #expect(blurred.guidance.contains(.holdStill))

        let edge = assessor.assess(.rgb(SyntheticFace.make(centreX: 1150)), position: .face)
        print("face: edge \(edge.score) \(edge.metrics) \(edge.guidance)")
        #expect(edge.score < good.score)
        #expect(edge.guidance.contains(.centreFace))

        let far = assessor.assess(.rgb(SyntheticFace.make(faceHeight: 120)), position: .face)
        print("face: far \(far.score) \(far.metrics) \(far.guidance)")
        #expect(far.score < good.score)
        #expect(far.guidance.contains(.moveCloser))
    }
}
