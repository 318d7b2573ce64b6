import BiocapCore
import BiocapQuality
import Foundation

/// Slap segmentation: median time per 1600 × 1500 slap (finding, cutting, naming and scoring every fingertip) on
/// the synthetic four-finger slap and on slaps of the same size composed from real prints, and the fingers found.
enum SegmentationBench {
    static func run(_ inputs: FormatsBenchInputs) throws -> [String: Any] {
        let segmenter = SlapSegmenter()
        var result: [String: Any] = [:]
        var found = segmenter.segment(inputs.slap, position: .plainRightFour)
        let syntheticMs = inputs.medianMilliseconds { found = segmenter.segment(inputs.slap, position: .plainRightFour) }
        result["synthetic_slap"] = summary(found, milliseconds: syntheticMs, expected: 4)

        let composed = realSlap(inputs)
        var composedFound = segmenter.segment(composed, position: .plainRightFour)
        let composedMs = inputs.medianMilliseconds { composedFound = segmenter.segment(composed, position: .plainRightFour) }
        result["composed_real_slap"] = summary(composedFound, milliseconds: composedMs, expected: 4)
        result["target_ms"] = 10
        return result
    }

    private static func summary(_ result: SlapSegmentation, milliseconds: Double, expected: Int) -> [String: Any] {
        [
            "median_ms": milliseconds, "fingers_found": result.fingers.count, "fingers_expected": expected,
            "positions": result.fingers.map(\.position.name), "scores": result.fingers.map(\.score),
            "guidance": result.guidance.map(\.rawValue),
        ]
    }

    /// Four real 500 ppi prints (the benchmark's first DB3 fingers) laid out as a right hand on a white platen:
    /// upright ellipses of each print at fingertip heights, middle highest, little lowest, slightly fanned.
    private static func realSlap(_ inputs: FormatsBenchInputs) -> GrayImage {
        var image = GrayImage(width: 1600, height: 1500, fill: 232, ppi: 500)
        let prints = inputs.fingers.filter { $0.file.hasPrefix("fvc2000-db3") }.prefix(4).map(\.image)
        let places: [(x: Double, top: Double, angle: Double)] = [(330, 330, -0.25), (660, 200, -0.05), (980, 300, 0.12), (1280, 520, 0.35)]
        for (print, place) in zip(prints, places) {
            let semiX = Double(print.width) * 0.36, semiY = Double(print.height) * 0.44
            let centreY = place.top + semiY
            let (c, s) = (cos(place.angle), sin(place.angle))
            let reach = Int(max(semiX, semiY)) + 1
            for y in max(0, Int(centreY) - reach)..<min(image.height, Int(centreY) + reach) {
                for x in max(0, Int(place.x) - reach)..<min(image.width, Int(place.x) + reach) {
                    let dx = Double(x) - place.x, dy = Double(y) - centreY
                    let u = dx * c + dy * s, v = -dx * s + dy * c
                    guard (u / semiX) * (u / semiX) + (v / semiY) * (v / semiY) <= 1 else { continue }
                    let sourceX = Int(Double(print.width) / 2 + u), sourceY = Int(Double(print.height) / 2 + v)
                    guard sourceX >= 0, sourceY >= 0, sourceX < print.width, sourceY < print.height else { continue }
                    image[x, y] = min(image[x, y], print[sourceX, sourceY])
                }
            }
        }
        return image
    }
}
