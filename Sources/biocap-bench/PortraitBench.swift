import BiocapCore
import BiocapQuality

/// What the face score says about real portraits placed in a camera frame (issue 12, goal 4): each
/// photo scaled to fit a 1280×720 frame (letterboxed on mid-grey, as a portrait shows in a landscape
/// camera) and scaled to cover it (cropped), scored by a fresh scorer. Most photos of the set are
/// frontal, well lit and centred, so most should score high; the counts of each guidance show what
/// pulls the rest down.
struct PortraitBench {
    let faces: [CapturedImage]
    /// The photos' file names, in `faces`' order (empty: the details are in order, unnamed).
    var names: [String] = []
    /// Adds each photo's score and guidance (in the data set's order).
    var detail = false
    static let width = 1280, height = 720

    func run() -> [String: Any] {
        var result: [String: Any] = [:]
        for (name, cover) in [("fit", false), ("cover", true)] {
            var scores: [Double] = [], guidance: [String: Int] = [:]
            var found = 0, high = 0, zero = 0, each: [String] = []
            for (index, photo) in faces.enumerated() {
                guard case .rgb(let rgb) = photo,
                      let frame = try? (cover ? CameraBench.fill(rgb, width: Self.width, height: Self.height)
                                              : Self.fit(rgb, width: Self.width, height: Self.height)) else { continue }
                let report = QualityAssessor().assess(.rgb(frame), position: .face)
                if detail {
                    let metrics = report.metrics.map { "\($0.name)=\(QualityBench.rounded($0.value))" }.joined(separator: " ")
                    let name = index < names.count ? names[index] + " " : ""
                    each.append("\(name)\(report.score) \(report.guidance.map(\.rawValue)) \(metrics)")
                }
                guard (report.metric(MetricName.faceFound) ?? 0) == 1 else { continue }
                found += 1
                scores.append(Double(report.score))
                if report.score >= 60 { high += 1 }
                if report.score == 0 { zero += 1 }
                for code in report.guidance { guidance[code.rawValue, default: 0] += 1 }
            }
            var summary: [String: Any] = [
                "frames": faces.count, "faces_found": found, "score_median": BenchTiming.median(scores),
                "score_ge_60": high, "score_0": zero, "guidance": guidance,
            ]
            if detail { summary["photos"] = each }
            result[name] = summary
        }
        return result
    }

    /// The photo scaled to fit inside `width`×`height`, centred on mid-grey (nearest neighbour).
    static func fit(_ photo: RGBImage, width: Int, height: Int) throws(ImageError) -> RGBImage {
        let scale = min(Double(width) / Double(photo.width), Double(height) / Double(photo.height))
        let scaledWidth = Int(Double(photo.width) * scale), scaledHeight = Int(Double(photo.height) * scale)
        let left = (width - scaledWidth) / 2, top = (height - scaledHeight) / 2
        var pixels = [UInt8](repeating: 128, count: width * height * 3)
        for y in 0..<scaledHeight {
            let sourceY = min(photo.height - 1, Int(Double(y) / scale))
            for x in 0..<scaledWidth {
                let sourceX = min(photo.width - 1, Int(Double(x) / scale))
                let from = (sourceY * photo.width + sourceX) * 3, to = ((top + y) * width + left + x) * 3
                pixels[to] = photo.pixels[from]
                pixels[to + 1] = photo.pixels[from + 1]
                pixels[to + 2] = photo.pixels[from + 2]
            }
        }
        return try RGBImage(width: width, height: height, pixels: pixels)
    }
}
