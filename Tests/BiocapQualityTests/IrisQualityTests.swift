import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

@Suite("Iris quality")
struct IrisQualityTests {
    static func load(_ relative: String) throws -> GrayImage {
        try NetPBM.decodeGray(try TestData.bytes(relative))
    }

    @Test("Pupil and iris are found on CASIA eyes; ISO measures rank like BIQT-Iris")
    func casiaDetectionAndCorrelations() throws {
        let table = try ReferenceTable("iris/iris_iqm.csv")
        let assessor = QualityAssessor()
        var pupils = 0, irises = 0
        // All images, and those where BIQT-Iris's own segmentation is plausible: it reports an iris
        // diameter of 152–162 px on 34 of the 70 eyes, where the visible iris spans about 200 (its
        // usable area is then 99–100 % and its legacy quality 0), so those rows say little.
        var ours: [String: [Double]] = [:], theirs: [String: [Double]] = [:]
        var oursPlausible: [String: [Double]] = [:], theirsPlausible: [String: [Double]] = [:]
        var diameterErrors: [Double] = []
        let pairs = [
            ("score", "overall_quality"), ("score", "iso_overall_quality"), ("sharpness", "iso_sharpness"),
            ("usable-iris-area", "usable_iris_area_percent"), ("iris-pupil-contrast", "iso_iris_pupil_contrast"),
            ("iris-diameter", "iris_diameter"),
        ]
        for row in table.rows {
            let report = assessor.assess(.gray(try Self.load("iris/" + table.text(row, "file"))), position: .iris(.left))
            if report.metric(MetricName.pupilFound) == 1 { pupils += 1 }
            guard report.metric(MetricName.irisFound) == 1 else { continue }
            irises += 1
            let referenceDiameter = table.number(row, "iris_diameter") ?? 0
            if let diameter = report.metric(MetricName.irisDiameter), referenceDiameter > 0 {
                diameterErrors.append(abs(diameter - referenceDiameter) / referenceDiameter)
            }
            for (mine, reference) in pairs {
                guard let value = table.number(row, reference) else { continue }
                let key = mine + "/" + reference
                let measured = mine == "score" ? Double(report.score) : report.metric(mine) ?? 0
                ours[key, default: []].append(measured)
                theirs[key, default: []].append(value)
                if referenceDiameter >= 170 {
                    oursPlausible[key, default: []].append(measured)
                    theirsPlausible[key, default: []].append(value)
                }
            }
        }
        let total = table.rows.count
        print("iris: pupil found \(pupils)/\(total), iris found \(irises)/\(total)")
        var all: [String: Double] = [:], plausible: [String: Double] = [:]
        for (mine, reference) in pairs {
            let key = mine + "/" + reference
            all[key] = RankCorrelation.spearman(ours[key] ?? [0, 0], theirs[key] ?? [0, 1])
            plausible[key] = RankCorrelation.spearman(oursPlausible[key] ?? [0, 0], theirsPlausible[key] ?? [0, 1])
            print("iris: Spearman \(key): all \(all[key] ?? 0), BIQT-plausible (\(oursPlausible[key]?.count ?? 0)) \(plausible[key] ?? 0)")
        }
        let medianError = diameterErrors.sorted()[diameterErrors.count / 2]
        print("iris: median relative iris-diameter error vs reference \(medianError)")
        #expect(Double(pupils) >= 0.9 * Double(total))
        #expect(Double(irises) >= 0.9 * Double(total))
        #expect(medianError < 0.2)
        // Floors just under the measured figures (docs/quality-iris-face.md).
        #expect(all["sharpness/iso_sharpness"] ?? 0 >= 0.5)
        #expect(all["iris-pupil-contrast/iso_iris_pupil_contrast"] ?? 0 >= 0.45)
        #expect(all["score/iso_overall_quality"] ?? 0 >= 0.15)
        #expect(plausible["usable-iris-area/usable_iris_area_percent"] ?? 0 >= 0.4)
        #expect(plausible["iris-diameter/iris_diameter"] ?? 0 >= 0.6)
    }

    @Test("A blurred eye scores lower than the sharp one")
    func blurLowersScore() throws {
        let eye = try Self.load("iris/casia1/001_1_1.pgm")
        let assessor = QualityAssessor()
        let sharp = assessor.assess(.gray(eye), position: .iris(.right))
        let blurred = assessor.assess(.gray(ImageTransforms.blurred(eye, radius: 2)), position: .iris(.right))
        print("iris: sharp \(sharp.score) \(sharp.metrics), blurred \(blurred.score) \(blurred.guidance)")
        #expect(blurred.score < sharp.score)
        #expect(blurred.metric(MetricName.sharpness) ?? 100 < sharp.metric(MetricName.sharpness) ?? 0)
    }

    @Test("An eye seen off-axis (squeezed like a gaze 45° away) asks to look at the camera")
    func offAxisGaze() throws {
        let assessor = QualityAssessor()
        var frontalCircularities: [Double] = []
        for file in ["001_1_1", "002_1_1", "003_1_1", "004_1_1", "005_1_1"] {
            let eye = try Self.load("iris/casia1/\(file).pgm")
            let frontal = assessor.assess(.gray(eye), position: .iris(.left))
            let away = assessor.assess(.gray(ImageTransforms.squeezed(eye, factor: 0.7)), position: .iris(.left))
            print("iris: \(file) frontal \(frontal.score) circularity \(frontal.metric(MetricName.pupilCircularity) ?? -1), squeezed \(away.score) \(away.metric(MetricName.pupilCircularity) ?? -1) \(away.guidance)")
            frontalCircularities.append(frontal.metric(MetricName.pupilCircularity) ?? 0)
            #expect(!frontal.guidance.contains(.lookAtCamera))
            #expect(away.guidance.contains(.lookAtCamera))
            #expect(away.score < frontal.score)
        }
        #expect(frontalCircularities.allSatisfy { $0 >= 0.9 })
    }

    @Test("Exposure is judged on the iris: a white surround is no fault unless it costs grey levels; a washed-out or sunken iris is")
    func exposureOnTheIris() throws {
        let assessor = QualityAssessor()
        for file in ["001_1_1", "002_1_1", "004_1_1"] {
            let eye = try Self.load("iris/casia1/\(file).pgm")
            let asTaken = assessor.assess(.gray(eye), position: .iris(.left))
            let irisRadius = try #require(asTaken.metric(MetricName.irisDiameter)) / 2
            let pupil = IrisSegmentationTests.paintedPupil(eye)
            // Skin and sclera lit brighter, as near-infrared illuminators leave them: levels above 120 outside the
            // iris lifted into 201–250, graded, so that the frame's median passes 200 while its grey levels stay well
            // used; the iris untouched. Then the same with everything light outside the iris white: the frame's
            // greyscale utilisation falls under 6 bits and the score with it, so less light is asked for.
            var surround = eye, burnt = eye
            for y in 0..<eye.height {
                for x in 0..<eye.width where eye[x, y] > 120 {
                    let dx = Double(x) - pupil.x, dy = Double(y) - pupil.y
                    guard dx * dx + dy * dy > 1.1 * 1.1 * irisRadius * irisRadius else { continue }
                    surround[x, y] = UInt8(min(250, 201 + (Double(eye[x, y]) - 120) * 0.4))
                    burnt[x, y] = 255
                }
            }
            // Washed out: every level lifted by 110 (the iris near 210, skin and sclera white); sunken: a sixth (too
            // dark for the pupil to stand out, so the frame's level speaks).
            var washed = eye, sunken = eye
            washed.pixels = eye.pixels.map { UInt8(clamping: Int($0) + 110) }
            sunken.pixels = eye.pixels.map { UInt8(Double($0) / 6) }
            let white = assessor.assess(.gray(surround), position: .iris(.left))
            let saturated = assessor.assess(.gray(burnt), position: .iris(.left))
            let bright = assessor.assess(.gray(washed), position: .iris(.left))
            let dark = assessor.assess(.gray(sunken), position: .iris(.left))
            let median = surround.pixels.sorted()[surround.pixels.count / 2]
            print("iris exposure: \(file) as taken \(asTaken.score) \(asTaken.guidance), white surround (median \(median)) \(white.score) \(white.guidance) \(white.metric(MetricName.greyscaleUtilisation) ?? -1), burnt \(saturated.score) \(saturated.guidance) \(saturated.metric(MetricName.greyscaleUtilisation) ?? -1), washed out \(bright.guidance), sunken \(dark.guidance)")
            #expect(white.metric(MetricName.irisFound) == 1)
            #expect(!white.guidance.contains(.tooBright))
            #expect(median > 200)
            #expect((white.metric(MetricName.greyscaleUtilisation) ?? 0) >= 6)
            #expect((saturated.metric(MetricName.greyscaleUtilisation) ?? 6) < 6 && saturated.guidance.contains(.tooBright))
            #expect(!asTaken.guidance.contains(.tooBright) && !asTaken.guidance.contains(.tooDark))
            #expect(bright.guidance.contains(.tooBright))
            #expect(dark.guidance.contains(.tooDark))
        }
    }

    @Test("A blank frame has no eye")
    func blankFrame() {
        let assessor = QualityAssessor()
        for level: UInt8 in [0, 128, 255] {
            let report = assessor.assess(.gray(GrayImage(width: 640, height: 480, fill: level)), position: .iris(.left))
            #expect(report.score == 0)
            #expect(report.guidance.first == .noEye)
        }
    }
}
