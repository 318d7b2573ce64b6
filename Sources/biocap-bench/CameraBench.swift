import BiocapCore
import BiocapUVC
import BiocapImaging
import BiocapQuality

/// The camera path per frame: MJPEG decode (TurboJPEG, as the UVC driver does it) plus the face
/// quality gate, at 1280×720 and 1920×1080. The frames are the real face photos scaled to fill each
/// size and encoded as a webcam would send them (JPEG quality 85). One core, the calling thread.
struct CameraBench {
    let faces: [CapturedImage]
    let repeats: Int
    /// Photos used per size: enough for a stable median, few enough to keep the run short.
    var photos = 12

    func run() -> [String: Any] {
        var result: [String: Any] = [:]
        for (name, width, height) in [("720p", 1280, 720), ("1080p", 1920, 1080)] {
            result[name] = measure(width: width, height: height)
        }
        return result
    }

    private func measure(width: Int, height: Int) -> [String: Any] {
        let frames: [[UInt8]] = faces.prefix(photos).compactMap { photo in
            guard case .rgb(let rgb) = photo, let filled = try? Self.fill(rgb, width: width, height: height) else { return nil }
            return try? JPEGCodec.encode(.rgb(filled), quality: 85)
        }
        guard !frames.isEmpty, let decoder = try? UVCFrameDecoder() else { return ["error": "no frames"] }
        let assessor = QualityAssessor()
        var decode: [Double] = [], quality: [Double] = [], facesFound = 0
        for frame in frames {
            guard let image = try? decoder.decodeMJPEG(frame) else { continue }
            decode.append(BenchTiming.medianMilliseconds(repeats: repeats) { _ = try? decoder.decodeMJPEG(frame) })
            quality.append(BenchTiming.medianMilliseconds(repeats: repeats) { _ = assessor.assess(image, position: .face) })
            if (assessor.assess(image, position: .face).metric(MetricName.facesFound) ?? 0) >= 1 { facesFound += 1 }
        }
        let decodeMedian = BenchTiming.median(decode), qualityMedian = BenchTiming.median(quality)
        let total = decodeMedian + qualityMedian
        return [
            "frames": decode.count,
            "mjpeg_bytes_median": BenchTiming.median(frames.map { Double($0.count) }),
            "decode_median_ms": QualityBench.rounded(decodeMedian),
            "face_quality_median_ms": QualityBench.rounded(qualityMedian),
            "decode_plus_quality_ms": QualityBench.rounded(total),
            "frames_per_second": QualityBench.rounded(total > 0 ? 1000 / total : 0),
            "faces_found": facesFound,
        ]
    }

    /// Scales a photo to cover `width`×`height` (centre crop, nearest neighbour): a camera frame's
    /// size with a real face in it.
    static func fill(_ photo: RGBImage, width: Int, height: Int) throws(ImageError) -> RGBImage {
        let scale = max(Double(width) / Double(photo.width), Double(height) / Double(photo.height))
        let offsetX = (Double(photo.width) * scale - Double(width)) / 2
        let offsetY = (Double(photo.height) * scale - Double(height)) / 2
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let sourceY = min(photo.height - 1, Int((Double(y) + offsetY) / scale))
            for x in 0..<width {
                let sourceX = min(photo.width - 1, Int((Double(x) + offsetX) / scale))
                let from = (sourceY * photo.width + sourceX) * 3, to = (y * width + x) * 3
                pixels[to] = photo.pixels[from]
                pixels[to + 1] = photo.pixels[from + 1]
                pixels[to + 2] = photo.pixels[from + 2]
            }
        }
        return try RGBImage(width: width, height: height, pixels: pixels)
    }
}
