import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

/// Our ISO/IEC 29794-6 measures that need no segmentation against a re-implementation of the standard's formulas
/// in numpy (the format tools' Python), on the 70 CASIA eyes; and BIQT-Iris's sharpness (the `iris_iqm.csv`
/// reference) against the same script's row-sum variant, which is where BIQT departs from the standard.
@Suite("Iris: ISO/IEC 29794-6 measures against a reference implementation")
struct IrisISOReferenceTests {
    /// The standard's formulas in numpy (`scripts/iso_iris_reference.py`, which says what they are).
    static func script() throws -> String {
        try String(contentsOf: TestData.packageRoot.appendingPathComponent("scripts/iso_iris_reference.py"), encoding: .utf8)
    }

    @Test("Sharpness and greyscale utilisation equal the standard's formulas; BIQT's sharpness is the row-sum variant")
    func matchesTheStandardsFormulas() throws {
        guard FormatTools.python != nil else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("\(FormatTools.missingReason)") }
            return
        }
        let table = try ReferenceTable("iris/iris_iqm.csv")
        let paths = table.rows.map { TestData.data("iris/" + table.text($0, "file")).path }
        let run = try FormatTools.run(script: try Self.script(), arguments: paths)
        try #require(run.status == 0, "\(run.output)")
        let reference = try #require(
            try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [String: Double]], "\(run.output)")
        #expect(reference.count == 70)
        let assessor = QualityAssessor()
        var compared = 0
        for row in table.rows {
            let file = table.text(row, "file")
            let name = String(file.split(separator: "/").last ?? "")
            let expected = try #require(reference[name], "\(name) missing from the reference")
            let image = try NetPBM.decodeGray(try TestData.bytes("iris/" + file))
            let report = assessor.assess(.gray(image), position: .iris(.left))
            let sharpness = try #require(report.metric(MetricName.sharpness), "\(name): no sharpness")
            let greyscale = try #require(report.metric(MetricName.greyscaleUtilisation), "\(name): no greyscale utilisation")
            // The same arithmetic (integer responses, doubles from there): equal to rounding.
            #expect(abs(sharpness - (expected["sharpness"] ?? -1)) <= 1e-9 * max(1, sharpness), "\(name): \(sharpness) vs \(expected)")
            #expect(abs(greyscale - (expected["greyscale_utilisation"] ?? -1)) <= 1e-9, "\(name): \(greyscale) vs \(expected)")
            // BIQT-Iris's figure is the row-sum variant, to the CSV's precision.
            if let biqt = table.number(row, "iso_sharpness") {
                #expect(abs(biqt - (expected["row_sum_sharpness"] ?? -1)) <= 1e-6 * max(1, biqt), "\(name): BIQT \(biqt) vs \(expected)")
            }
            compared += 1
        }
        #expect(compared == 70)
    }
}
