import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

@Suite("Finger quality")
struct FingerQualityTests {
    static func load(_ relative: String) throws -> GrayImage {
        var image = try NetPBM.decodeGray(try TestData.bytes(relative))
        image.ppi = 500
        return image
    }

    @Test("Scores rank the FVC2000 images like NFIQ 2")
    func spearmanAgainstNFIQ2() throws {
        let table = try ReferenceTable("fingerprints/nfiq2.csv")
        let assessor = QualityAssessor()
        var byDatabase: [String: (ours: [Double], nfiq: [Double])] = [:]
        var metricValues: [String: [Double]] = [:]
        var all: (ours: [Double], nfiq: [Double]) = ([], [])
        for row in table.rows {
            guard let nfiq = table.number(row, "nfiq2") else { continue }
            let file = table.text(row, "file")
            let report = assessor.assess(.gray(try Self.load("fingerprints/" + file)), position: .finger(.rightIndex))
            let database = String(file.split(separator: "/")[0])
            byDatabase[database, default: ([], [])].ours.append(Double(report.score))
            byDatabase[database, default: ([], [])].nfiq.append(nfiq)
            all.ours.append(Double(report.score))
            all.nfiq.append(nfiq)
            for name in ["foreground-area", "contrast", "sharpness", "orientation-certainty", "orientation-flow",
                         "ridge-period", "ridge-clarity", "unclear-share", "mean-grey", "ridge-share-spread",
                         "quadrant-clarity", "frequency-dominance", "well-defined-share"] {
                metricValues[name, default: []].append(report.metric(name) ?? 0)
            }
        }
        let overall = RankCorrelation.spearman(all.ours, all.nfiq)
        print("finger: Spearman vs NFIQ 2 overall \(overall) over \(all.ours.count) images")
        for (database, values) in byDatabase.sorted(by: { $0.key < $1.key }) {
            print("finger: Spearman vs NFIQ 2 \(database): \(RankCorrelation.spearman(values.ours, values.nfiq))")
        }
        for (name, values) in metricValues.sorted(by: { $0.key < $1.key }) {
            print("finger: metric \(name) Spearman \(RankCorrelation.spearman(values, all.nfiq))")
        }
        // The six-feature model (three of them NFIQ 2's own local measures, grouped): measured in sample 0.857
        // overall (db1 0.455, db2 0.887, db3 0.905); leave one database out 0.444 / 0.788 / 0.862, which
        // `scripts/fit-finger-quality.py --check` holds (docs/quality.md). Floors just under.
        #expect(overall >= 0.85)
        let floors = ["fvc2000-db1": 0.44, "fvc2000-db2": 0.87, "fvc2000-db3": 0.89]
        for (database, floor) in floors {
            let values = try #require(byDatabase[database])
            #expect(RankCorrelation.spearman(values.ours, values.nfiq) >= floor, "\(database)")
        }
    }

    static let sample = "fingerprints/fvc2000-db1/101_2.pgm"

    @Test("Blurring, crushing the contrast and moving the finger to a corner each lower the score")
    func degradationsLowerScore() throws {
        let print0 = try Self.load(Self.sample)
        let assessor = QualityAssessor()
        let original = assessor.assess(.gray(print0), position: .finger(.rightIndex))
        print("finger: original \(original.score) \(original.metrics) \(original.guidance)")
        #expect(original.score >= 40)

        let blurred = assessor.assess(.gray(ImageTransforms.blurred(print0, radius: 2)), position: .finger(.rightIndex))
        print("finger: blurred \(blurred.score) \(blurred.metrics) \(blurred.guidance)")
        #expect(blurred.score < original.score)
        #expect(blurred.metric(MetricName.sharpness) ?? 99 < original.metric(MetricName.sharpness) ?? 0)

        let faint = assessor.assess(.gray(ImageTransforms.contrastCrushed(print0, factor: 0.2)),
                                    position: .finger(.rightIndex))
        print("finger: faint \(faint.score) \(faint.metrics) \(faint.guidance)")
        #expect(faint.score < original.score)
        #expect(faint.guidance.contains(.pressHarder))

        let corner = assessor.assess(
            .gray(ImageTransforms.shifted(print0, dx: print0.width * 2 / 3, dy: print0.height * 2 / 3, fill: 220)),
            position: .finger(.rightIndex))
        print("finger: corner \(corner.score) \(corner.metrics) \(corner.guidance)")
        #expect(corner.score < original.score)
        #expect(corner.guidance.contains(.centreFinger))
    }

    @Test("A blank sensor or pure noise scores at most 5 and asks for a finger")
    func blankSensor() throws {
        let assessor = QualityAssessor()
        for level: UInt8 in [0, 128, 230, 255] {
            let report = assessor.assess(.gray(GrayImage(width: 400, height: 500, fill: level, ppi: 500)),
                                         position: .finger(.leftThumb))
            #expect(report.score <= 5)
            #expect(report.guidance.first == .placeFinger)
            let slap = assessor.assess(.gray(GrayImage(width: 800, height: 600, fill: level, ppi: 500)),
                                       position: .finger(.plainLeftFour))
            #expect(slap.score == 0)
            #expect(slap.metric(MetricName.fingersFound) == 0)
        }
        let noise = try GrayImage(width: 400, height: 500, pixels: ImageTransforms.noise(count: 400 * 500), ppi: 500)
        let noisy = assessor.assess(.gray(noise), position: .finger(.leftThumb))
        print("finger: noise \(noisy.score) \(noisy.metrics) \(noisy.guidance)")
        #expect(noisy.score <= 5)
    }

    @Test("A print cropped to a small contact patch scores lower and asks for more contact")
    func smallContact() throws {
        let print0 = try Self.load(Self.sample)
        var patch = GrayImage(width: print0.width, height: print0.height, fill: 225, ppi: 500)
        // Keep a 100×100 window of ridges in the middle: a light touch of the fingertip.
        for y in 100..<200 { for x in 100..<200 { patch[x, y] = print0[x, y] } }
        let assessor = QualityAssessor()
        let full = assessor.assess(.gray(print0), position: .finger(.rightIndex))
        let small = assessor.assess(.gray(patch), position: .finger(.rightIndex))
        print("finger: small contact \(small.score) \(small.metrics) \(small.guidance)")
        #expect(small.score < full.score)
        #expect(small.guidance.contains(.pressHarder) || small.guidance.contains(.placeFinger))
    }

    @Test("Fingers are counted and each is scored in a slap made of real prints")
    func slapFingerCount() throws {
        let fingers = try ["101_1", "102_2", "103_3", "104_4"].map { try Self.load("fingerprints/fvc2000-db1/\($0).pgm") }
        let assessor = QualityAssessor()
        for present in [4, 3] {
            var slap = GrayImage(width: 1600, height: 1500, fill: 225, ppi: 500)
            for (slot, finger) in fingers.prefix(present).enumerated() {
                let left = 100 + slot * 380, top = 400 + (slot % 2) * 80
                for y in 0..<finger.height {
                    for x in 0..<finger.width { slap[left + x, top + y] = finger[x, y] }
                }
            }
            let report = assessor.assess(.gray(slap), position: .finger(.plainRightFour))
            print("finger: slap with \(present) \(report.score) \(report.metrics) \(report.guidance)")
            #expect(report.metric(MetricName.fingersFound) == Double(present))
            #expect(report.metric(MetricName.fingersExpected) == 4)
            // Each finger found has its own score, each close to that of the same print scored alone.
            for (ordinal, finger) in fingers.prefix(present).enumerated() {
                let alone = assessor.assess(.gray(finger), position: .finger(.rightIndex)).score
                let inSlap = try #require(report.metric(MetricName.fingerScore(ordinal + 1)))
                #expect(abs(inSlap - Double(alone)) <= 15, "finger \(ordinal + 1): \(inSlap) in the slap, \(alone) alone")
            }
            #expect(report.metric(MetricName.fingerScore(present + 1)) == nil)
        }
    }
}
