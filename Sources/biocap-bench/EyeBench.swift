import BiocapCore
import BiocapQuality
import BiocapSynthesis

/// The iris score on eyes it was not tuned on (issue 12, goal 4): every eye image of a directory is scored as
/// taken, then blurred and then squeezed sideways (as a disc looks seen about 45° off-axis), and the summary
/// counts how often each measure moved the way it should, with the CPU time of scoring an eye as taken. The
/// per-eye metrics are printed by file name, so an independent implementation can be read beside them
/// (`scripts/iris-check`: BIQT-Iris's port and the standard's formulas).
struct EyeBench {
    let eyes: [(name: String, image: GrayImage)]
    /// Box blur of this radius, three passes (about a Gaussian of sigma 2): a defocused eye.
    static let blurRadius = 2
    /// Horizontal scale of the squeezed eye: cos 45°, a gaze well away from the camera.
    static let squeeze = 0.7

    func run() -> [String: Any] {
        let assessor = QualityAssessor()
        var each: [String: Any] = [:]
        var scores: [Double] = [], guidance: [String: Int] = [:]
        var pupils = 0, irises = 0, sharper = 0, blurScored = 0, blurLower = 0
        var frontalLookAway = 0, squeezedLookAway = 0, squeezedLower = 0
        var cpu: [Double] = []
        for (name, eye) in eyes {
            let report = assessor.assess(.gray(eye), position: .iris(.left))
            // Thread CPU time of the eye as taken, median of three after the run above.
            cpu.append(BenchTiming.medians(repeats: 3) { _ = assessor.assess(.gray(eye), position: .iris(.left)) }.cpu)
            let blurred = assessor.assess(.gray(Self.blurred(eye, radius: Self.blurRadius)), position: .iris(.left))
            let squeezed = assessor.assess(.gray(Self.squeezed(eye, factor: Self.squeeze)), position: .iris(.left))
            var metrics: [String: Double] = [:]
            for metric in report.metrics { metrics[metric.name] = QualityBench.rounded(metric.value) }
            each[name] = [
                "score": report.score, "guidance": report.guidance.map(\.rawValue), "metrics": metrics,
                "blurred": ["score": blurred.score, "sharpness": QualityBench.rounded(blurred.metric(MetricName.sharpness) ?? 0)],
                "squeezed": ["score": squeezed.score, "guidance": squeezed.guidance.map(\.rawValue)],
            ] as [String: Any]
            if report.metric(MetricName.pupilFound) == 1 { pupils += 1 }
            guard report.metric(MetricName.irisFound) == 1 else { continue }
            irises += 1
            scores.append(Double(report.score))
            for code in report.guidance { guidance[code.rawValue, default: 0] += 1 }
            if report.guidance.contains(.lookAtCamera) { frontalLookAway += 1 }
            if let sharp = report.metric(MetricName.sharpness), let soft = blurred.metric(MetricName.sharpness) {
                blurScored += 1
                if soft < sharp { sharper += 1 }
            }
            if blurred.score < report.score || report.score == 0 { blurLower += 1 }
            if squeezed.guidance.contains(.lookAtCamera) { squeezedLookAway += 1 }
            if squeezed.score < report.score || report.score == 0 { squeezedLower += 1 }
        }
        return [
            "eyes": eyes.count, "pupil_found": pupils, "iris_found": irises,
            "score_median": BenchTiming.median(scores), "guidance": guidance,
            "blur_lowers_sharpness": sharper, "blur_compared": blurScored, "blur_lowers_score": blurLower,
            "look_at_camera_as_taken": frontalLookAway, "squeezed_look_at_camera": squeezedLookAway,
            "squeezed_lowers_score": squeezedLower, "per_eye": each,
            "cpu_ms_per_eye_median": QualityBench.rounded(BenchTiming.median(cpu)),
            "cpu_ms_per_eye_max": QualityBench.rounded(cpu.max() ?? 0),
        ]
    }

    /// Box blur of width `2 * radius + 1` (`SimulatedImageOps.boxBlur`, edges clamped), three passes.
    static func blurred(_ image: GrayImage, radius: Int) -> GrayImage {
        var result = image
        for _ in 0..<3 {
            result.pixels = SimulatedImageOps.boxBlur(result.pixels, width: image.width, height: image.height,
                                                      radiusX: radius, radiusY: radius)
        }
        return result
    }

    /// Squeezed horizontally about the centre by `factor` (nearest neighbour); the uncovered columns repeat
    /// the squeezed image's edge columns.
    static func squeezed(_ image: GrayImage, factor: Double) -> GrayImage {
        var result = image
        let centre = Double(image.width) / 2
        for y in 0..<image.height {
            for x in 0..<image.width {
                let source = min(image.width - 1, max(0, Int((centre + (Double(x) - centre) / factor).rounded())))
                result.pixels[y * image.width + x] = image.pixels[y * image.width + source]
            }
        }
        return result
    }
}
