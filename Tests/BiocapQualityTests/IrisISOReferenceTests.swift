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
    /// 6.2.10 sharpness: the 9×9 kernel F centred on every 4th row and column (the window inside the image), the
    /// power Σ response² / (width · height), 100 · power² / (power² + c²) with c = 180 000. BIQT-Iris (and its
    /// PyPI port that wrote the CSV) instead adds a row's responses and squares the sum. 6.2.5 greyscale
    /// utilisation: the entropy of the grey-level histogram in bits.
    static let script = """
    import json, sys
    import numpy as np
    from PIL import Image
    F = np.array([[0, 1, 1, 2, 2, 2, 1, 1, 0], [1, 2, 4, 5, 5, 5, 4, 2, 1], [1, 4, 5, 3, 0, 3, 5, 4, 1],
                  [2, 5, 3, -12, -24, -12, 3, 5, 2], [2, 5, 0, -24, -40, -24, 0, 5, 2], [2, 5, 3, -12, -24, -12, 3, 5, 2],
                  [1, 4, 5, 3, 0, 3, 5, 4, 1], [1, 2, 4, 5, 5, 5, 4, 2, 1], [0, 1, 1, 2, 2, 2, 1, 1, 0]], dtype=np.int64)
    C = 180000.0
    def responses(image):
        h, w = image.shape
        ys, xs = np.arange(4, h - 4, 4), np.arange(4, w - 4, 4)
        out = np.zeros((len(ys), len(xs)), dtype=np.int64)
        for i in range(9):
            for j in range(9):
                out += F[i, j] * image[np.ix_(ys - 4 + i, xs - 4 + j)]
        return out
    def normalise(power):
        return 100.0 * power * power / (power * power + C * C)
    result = {}
    for path in sys.argv[1:]:
        image = np.asarray(Image.open(path).convert("L"), dtype=np.int64)
        h, w = image.shape
        r = responses(image).astype(np.float64)
        counts = np.bincount(image.ravel(), minlength=256).astype(np.float64)
        p = counts[counts > 0] / counts.sum()
        result[path.split("/")[-1]] = {
            "sharpness": normalise(float((r ** 2).sum()) / (w * h)),
            "row_sum_sharpness": normalise(float((r.sum(axis=1) ** 2).sum()) / (w * h)),
            "greyscale_utilisation": float(-(p * np.log2(p)).sum()),
        }
    print(json.dumps(result))
    """

    @Test("Sharpness and greyscale utilisation equal the standard's formulas; BIQT's sharpness is the row-sum variant")
    func matchesTheStandardsFormulas() throws {
        guard FormatTools.python != nil else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("\(FormatTools.missingReason)") }
            return
        }
        let table = try ReferenceTable("iris/iris_iqm.csv")
        let paths = table.rows.map { TestData.data("iris/" + table.text($0, "file")).path }
        let run = try FormatTools.run(script: Self.script, arguments: paths)
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
