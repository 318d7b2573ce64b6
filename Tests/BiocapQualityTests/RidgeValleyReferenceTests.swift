import BiocapCore
import BiocapQuality
import Foundation
import Testing

/// Our re-implementation of NFIQ 2's frequency domain analysis (FDA), local clarity (LCS) and ridge–valley
/// uniformity (RVU) against NFIQ 2's own values on the shared FVC2000 images.
@Suite("NFIQ 2's local ridge–valley measures")
struct RidgeValleyReferenceTests {
    /// NFIQ 2.3's native histograms (FDA_Bin10_0…9, LCS_Bin10_0…9, RVUP_Bin10_0…9), as NIST's NFIQ 2.3 reports
    /// them for these images (through nbis-py 0.1.3, the program `shared/data/fingerprints/nfiq2.csv` was made with).
    static let reference: [(file: String, fda: [Int], lcs: [Int], rvu: [Int])] = [
        ("fvc2000-db1/101_1.pgm", [3, 7, 8, 6, 2, 3, 10, 12, 17, 11], [0, 3, 3, 2, 3, 6, 11, 3, 15, 33],
         [9, 10, 5, 31, 101, 20, 10, 12, 0, 0]),
        ("fvc2000-db1/101_2.pgm", [1, 7, 4, 7, 5, 8, 7, 14, 20, 8], [0, 4, 0, 2, 3, 4, 10, 14, 14, 30],
         [7, 24, 6, 45, 81, 26, 15, 11, 0, 0]),
        ("fvc2000-db1/101_3.pgm", [6, 4, 9, 7, 5, 4, 6, 12, 12, 16], [0, 8, 2, 6, 5, 1, 9, 8, 13, 29],
         [7, 6, 5, 50, 61, 20, 15, 22, 0, 0]),
        ("fvc2000-db2/101_1.pgm", [4, 3, 10, 15, 11, 8, 8, 12, 4, 0], [0, 5, 1, 5, 2, 3, 7, 12, 5, 35],
         [10, 26, 12, 30, 58, 21, 28, 31, 0, 0]),
        ("fvc2000-db2/101_2.pgm", [3, 7, 6, 4, 9, 10, 9, 12, 4, 3], [0, 5, 1, 4, 3, 5, 8, 10, 8, 23],
         [3, 23, 6, 40, 49, 28, 22, 12, 0, 0]),
        ("fvc2000-db2/101_3.pgm", [2, 5, 6, 9, 8, 10, 11, 15, 1, 5], [0, 6, 1, 0, 2, 7, 6, 4, 13, 33],
         [5, 36, 9, 23, 50, 25, 25, 13, 0, 0]),
        ("fvc2000-db3/101_1.pgm", [20, 12, 16, 16, 15, 16, 14, 14, 7, 52], [0, 68, 5, 16, 4, 11, 8, 8, 24, 38],
         [109, 107, 32, 27, 152, 24, 52, 136, 0, 0]),
        ("fvc2000-db3/101_2.pgm", [39, 10, 7, 10, 13, 12, 14, 14, 10, 53], [0, 87, 10, 13, 5, 12, 6, 15, 15, 19],
         [133, 99, 30, 28, 207, 37, 53, 159, 0, 0]),
        ("fvc2000-db3/101_3.pgm", [26, 8, 12, 9, 12, 8, 13, 16, 16, 62], [0, 74, 7, 13, 10, 9, 10, 14, 16, 29],
         [116, 116, 28, 36, 161, 35, 51, 121, 0, 0]),
    ]

    enum Family: Sendable { case fda, lcs, rvu }

    /// The finger report's grouped counts and the bins of NFIQ 2's histograms each one sums.
    static let groups: [(metric: String, family: Family, bins: ClosedRange<Int>)] = [
        (MetricName.weakFrequencyBlocks, .fda, 0...2), (MetricName.moderateFrequencyBlocks, .fda, 3...6),
        (MetricName.strongFrequencyBlocks, .fda, 7...8), (MetricName.noFrequencyBlocks, .fda, 9...9),
        (MetricName.unclearRidgeBlocks, .lcs, 0...1), (MetricName.fairRidgeBlocks, .lcs, 2...4),
        (MetricName.clearRidgeBlocks, .lcs, 5...7), (MetricName.veryClearRidgeBlocks, .lcs, 8...9),
        (MetricName.narrowWidthRatios, .rvu, 0...2), (MetricName.evenWidthRatios, .rvu, 3...4),
        (MetricName.wideWidthRatios, .rvu, 5...6), (MetricName.extremeWidthRatios, .rvu, 7...9),
    ]

    /// LCS was off by a block on two of these images until the mean ridge and valley widths were taken as
    /// OpenCV's `cv::mean` takes them (whole-pixel widths put many means exactly on a plausibility limit).
    @Test("FDA, LCS and RVU equal NFIQ 2's on every block")
    func groupedCountsMatchNFIQ2() throws {
        let assessor = QualityAssessor()
        for entry in Self.reference {
            let image = try FingerQualityTests.load("fingerprints/" + entry.file)
            let report = assessor.assess(.gray(image), position: .finger(.rightIndex))
            for group in Self.groups {
                let bins = switch group.family { case .fda: entry.fda; case .lcs: entry.lcs; case .rvu: entry.rvu }
                let theirs = group.bins.reduce(0) { $0 + bins[$1] }
                let ours = try #require(report.metric(group.metric), "\(group.metric)")
                #expect(Int(ours) == theirs, "\(entry.file) \(group.metric): ours \(ours), NFIQ 2 \(theirs)")
            }
        }
    }

    @Test("The same finger at 1,000 ppi gives about the same counts as at 500 ppi (lengths scale with resolution)")
    func resolutionScales() throws {
        let image = try FingerQualityTests.load("fingerprints/fvc2000-db1/101_2.pgm")
        var doubled = try GrayImage(width: image.width * 2, height: image.height * 2,
                                pixels: [UInt8](repeating: 0, count: image.width * image.height * 4))
        for y in 0..<doubled.height {
            for x in 0..<doubled.width { doubled.pixels[y * doubled.width + x] = image.pixels[(y / 2) * image.width + x / 2] }
        }
        doubled.ppi = 1000
        let assessor = QualityAssessor()
        let atFive = assessor.assess(.gray(image), position: .finger(.rightIndex))
        let atTen = assessor.assess(.gray(doubled), position: .finger(.rightIndex))
        let blocks = [MetricName.weakFrequencyBlocks, MetricName.moderateFrequencyBlocks, MetricName.strongFrequencyBlocks,
                      MetricName.noFrequencyBlocks]
        let five = blocks.compactMap { atFive.metric($0) }.reduce(0, +)
        let ten = blocks.compactMap { atTen.metric($0) }.reduce(0, +)
        print("ridge-valley: blocks at 500 ppi \(five), at 1000 ppi \(ten); score \(atFive.score) / \(atTen.score)")
        #expect(abs(ten - five) <= 0.15 * five)
        #expect(abs(atTen.score - atFive.score) <= 15)
    }

    @Test("Blank, white-framed, tiny and uniform images give no blocks and no crash")
    func degenerateImages() throws {
        let assessor = QualityAssessor()
        for (width, height, value) in [(300, 300, UInt8(255)), (300, 300, UInt8(128)), (20, 20, UInt8(0)), (1, 1, UInt8(9))] {
            var image = try GrayImage(width: width, height: height, pixels: [UInt8](repeating: value, count: width * height))
            image.ppi = 500
            let report = assessor.assess(.gray(image), position: .finger(.rightIndex))
            #expect(report.score == 0)
            #expect((report.metric(MetricName.noFrequencyBlocks) ?? 0) == 0)
        }
        // Resolutions a header could claim (a negative one used to trap in the finger score's period range): read as
        // 500 ppi, the same score.
        let at500 = assessor.assess(.gray(try FingerQualityTests.load("fingerprints/fvc2000-db1/101_1.pgm")),
                                    position: .finger(.rightIndex)).score
        var odd = try FingerQualityTests.load("fingerprints/fvc2000-db1/101_1.pgm")
        for ppi in [Int.max, 100_000, 1, 0, -500] {
            odd.ppi = ppi
            let report = assessor.assess(.gray(odd), position: .finger(.rightIndex))
            #expect(report.score == at500, "ppi \(ppi)")
        }
        // A fingerprint inside a wide white frame: the frame is trimmed as NFIQ 2 does, the counts stay.
        let image = try FingerQualityTests.load("fingerprints/fvc2000-db1/101_1.pgm")
        let border = 40
        var framed = try GrayImage(width: image.width + 2 * border, height: image.height + 2 * border,
                               pixels: [UInt8](repeating: 255, count: (image.width + 2 * border) * (image.height + 2 * border)))
        for y in 0..<image.height {
            for x in 0..<image.width { framed.pixels[(y + border) * framed.width + x + border] = image.pixels[y * image.width + x] }
        }
        framed.ppi = 500
        let plain = assessor.assess(.gray(image), position: .finger(.rightIndex))
        let inFrame = assessor.assess(.gray(framed), position: .finger(.rightIndex))
        for group in Self.groups where group.family != .lcs {
            #expect(plain.metric(group.metric) == inFrame.metric(group.metric), "\(group.metric)")
        }
    }
}
