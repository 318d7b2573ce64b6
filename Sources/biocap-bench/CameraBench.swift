import BiocapCore
import BiocapUVC
import BiocapImaging
import BiocapQuality
import Foundation

/// The camera path per frame at 1280×720 and 1920×1080, as the UVC capture runs it: MJPEG decoded
/// reduced for the gate (TurboJPEG scaling in the DCT, `UVCProfile.face.gateWidth`) plus the face
/// quality gate on that image, beside the full decode the record gets once. The frames are the
/// real face photos scaled to fill each size and encoded as a webcam sends them (JPEG quality 85).
/// Times are medians over frames of each frame's median run, wall-clock and thread CPU time; one
/// core, the calling thread.
struct CameraBench {
    let faces: [CapturedImage]
    let repeats: Int
    /// Photos used per size: enough for a stable median, few enough to keep the run short.
    var photos = 12
    /// Where to write the 720p frames and our boxes for the OpenCV baseline (`--write-camera-frames`).
    var framesDirectory: URL?

    func run() throws -> [String: Any] {
        var result: [String: Any] = [:]
        for (name, width, height) in [("720p", 1280, 720), ("1080p", 1920, 1080)] {
            result[name] = try measure(name: name, width: width, height: height)
        }
        return result
    }

    private func measure(name: String, width: Int, height: Int) throws -> [String: Any] {
        let frames: [[UInt8]] = faces.prefix(photos).compactMap { photo in
            guard case .rgb(let rgb) = photo, let filled = try? Self.fill(rgb, width: width, height: height) else { return nil }
            return try? JPEGCodec.encode(.rgb(filled), quality: 85)
        }
        guard !frames.isEmpty, let decoder = try? UVCFrameDecoder(), let gateWidth = UVCProfile.face.gateWidth else {
            return ["error": "no frames"]
        }
        var fullDecode: [(wall: Double, cpu: Double)] = [], gateDecode = fullDecode, gateQuality = fullDecode
        var fullFrameQuality = fullDecode, gateQualityWarm = fullDecode, fullFrameQualityWarm = fullDecode
        // One scorer kept across frames, as a capture session keeps its own, yet searching every frame in full
        // (`assess(_:position:)` follows nothing): what a frame costs once the session's buffers and the
        // cascade's per-size tables exist. The fresh-scorer figures beside it add that set-up to every frame.
        let warmGate = QualityAssessor(), warmFull = QualityAssessor()
        var facesFound = 0, gateSize = (0, 0)
        var boxes: [[String: Any]] = []
        for (index, frame) in frames.enumerated() {
            guard let full = try? decoder.decodeMJPEG(frame),
                  let gate = try? decoder.decodeMJPEGForGate(frame, gateWidth: gateWidth) else { continue }
            gateSize = (gate.image.width, gate.image.height)
            let view = FrameView(position: .face, image: gate.image, fullResolution: gate.fullResolution)
            fullDecode.append(BenchTiming.medians(repeats: repeats) { _ = try? decoder.decodeMJPEG(frame) })
            gateDecode.append(BenchTiming.medians(repeats: repeats) { _ = try? decoder.decodeMJPEGForGate(frame, gateWidth: gateWidth) })
            // A fresh scorer per run: every frame is searched in full, nothing followed from before.
            gateQuality.append(BenchTiming.medians(repeats: repeats) { _ = QualityAssessor().assess(gate.image, position: .face) })
            fullFrameQuality.append(BenchTiming.medians(repeats: repeats) { _ = QualityAssessor().assess(full, position: .face) })
            _ = warmGate.assess(gate.image, position: .face)
            gateQualityWarm.append(BenchTiming.medians(repeats: repeats) { _ = warmGate.assess(gate.image, position: .face) })
            _ = warmFull.assess(full, position: .face)
            fullFrameQualityWarm.append(BenchTiming.medians(repeats: repeats) { _ = warmFull.assess(full, position: .face) })
            let report = QualityAssessor().assess(view)
            if (report.metric(MetricName.facesFound) ?? 0) >= 1 { facesFound += 1 }
            boxes.append(Self.box(report, frame: index))
            if let framesDirectory, name == "720p" {
                try Data(frame).write(to: framesDirectory.appendingPathComponent(String(format: "frame%02d.jpg", index)))
            }
        }
        let tracked = try trackedSequence(width: width, height: height, decoder: decoder, gateWidth: gateWidth)
        let decodeGate = median(gateDecode), qualityGate = median(gateQuality)
        let qualityTracked = tracked["face_quality_cpu_ms"] as? Double ?? 0
        let fullSearchMs = decodeGate.cpu + qualityGate.cpu, trackedMs = decodeGate.cpu + qualityTracked
        let qualityGateWarm = median(gateQualityWarm), fullSearchWarmMs = decodeGate.cpu + qualityGateWarm.cpu
        var result: [String: Any] = [
            "frames": fullDecode.count,
            "mjpeg_bytes_median": BenchTiming.median(frames.map { Double($0.count) }),
            "gate_size": "\(gateSize.0)x\(gateSize.1)",
            "full_decode_ms": rounded(median(fullDecode).wall), "full_decode_cpu_ms": rounded(median(fullDecode).cpu),
            "gate_decode_ms": rounded(decodeGate.wall), "gate_decode_cpu_ms": rounded(decodeGate.cpu),
            "face_quality_gate_full_search_ms": rounded(qualityGate.wall),
            "face_quality_gate_full_search_cpu_ms": rounded(qualityGate.cpu),
            "face_quality_full_frame_ms": rounded(median(fullFrameQuality).wall),
            "face_quality_full_frame_cpu_ms": rounded(median(fullFrameQuality).cpu),
            "face_quality_gate_warm_full_search_cpu_ms": rounded(qualityGateWarm.cpu),
            "face_quality_full_frame_warm_cpu_ms": rounded(median(fullFrameQualityWarm).cpu),
            "frames_per_second_full_search": rounded(fullSearchMs > 0 ? 1000 / fullSearchMs : 0),
            "frames_per_second_warm_full_search": rounded(fullSearchWarmMs > 0 ? 1000 / fullSearchWarmMs : 0),
            "frames_per_second_tracked": rounded(trackedMs > 0 ? 1000 / trackedMs : 0),
            "faces_found": facesFound,
            "tracked_sequence": tracked,
        ]
        if name == "720p" { result["boxes"] = boxes }
        return result
    }

    /// A face moving across the frame, 24 frames, followed by one scorer as a capture does: the
    /// tracker searches near the last face, and the whole frame again every `refreshInterval` frames
    /// or when the face is lost. Medians over every frame of every repeat. The photo is the first
    /// whose face the cascade finds (it reports eyes looked for): only such a face is followed; one
    /// only the skin finder finds has the whole frame searched every time.
    private func trackedSequence(width: Int, height: Int, decoder: UVCFrameDecoder, gateWidth: Int) throws -> [String: Any] {
        guard let photo = faces.prefix(photos).first(where: { image in
            guard case .rgb(let rgb) = image, let filled = try? Self.fill(rgb, width: width, height: height) else { return false }
            return QualityAssessor().assess(.rgb(filled), position: .face).metric(MetricName.eyesFound) != nil
        }), case .rgb(let rgb) = photo else { return ["error": "no photo with a face the cascade finds"] }
        let frameCount = 24, travel = width / 8
        var views: [FrameView] = []
        for index in 0..<frameCount {
            let filled = try Self.fill(rgb, width: width, height: height, shiftX: index * travel / frameCount - travel / 2)
            let gate = try decoder.decodeMJPEGForGate(try JPEGCodec.encode(.rgb(filled), quality: 85), gateWidth: gateWidth)
            views.append(FrameView(position: .face, image: gate.image, fullResolution: gate.fullResolution))
        }
        let assessor = QualityAssessor()
        _ = assessor.assess(views[0])
        var wall: [Double] = [], cpu: [Double] = [], found = 0, bothEyes = 0
        for _ in 0..<max(1, repeats) {
            for view in views {
                var report: QualityReport?
                let sample = BenchTiming.measure { report = assessor.assess(view) }
                wall.append(sample.wall)
                cpu.append(sample.cpu)
                if (report?.metric(MetricName.faceFound) ?? 0) == 1 { found += 1 }
                if (report?.metric(MetricName.eyesFound) ?? 0) == 2 { bothEyes += 1 }
            }
        }
        return [
            "frames": frameCount, "travel_px": travel,
            "face_quality_ms": rounded(BenchTiming.median(wall)), "face_quality_cpu_ms": rounded(BenchTiming.median(cpu)),
            "face_found_share": rounded(Double(found) / Double(max(1, wall.count))),
            "both_eyes_share": rounded(Double(bothEyes) / Double(max(1, wall.count))),
        ]
    }

    /// The subject's box in full-frame pixels, as reported by the gate, for the side-by-side with OpenCV.
    private static func box(_ report: QualityReport, frame: Int) -> [String: Any] {
        guard let x = report.metric(MetricName.faceBoxX), let y = report.metric(MetricName.faceBoxY),
              let width = report.metric(MetricName.faceBoxWidth), let height = report.metric(MetricName.faceBoxHeight) else {
            return ["frame": frame, "box": NSNull()]
        }
        return ["frame": frame, "box": [x, y, width, height].map { $0.rounded() }]
    }

    private func median(_ samples: [(wall: Double, cpu: Double)]) -> (wall: Double, cpu: Double) {
        (BenchTiming.median(samples.map(\.wall)), BenchTiming.median(samples.map(\.cpu)))
    }

    private func rounded(_ value: Double) -> Double { QualityBench.rounded(value) }

    /// Scales a photo to cover `width`×`height` (centre crop moved `shiftX` pixels, nearest
    /// neighbour): a camera frame's size with a real face in it.
    static func fill(_ photo: RGBImage, width: Int, height: Int, shiftX: Int = 0) throws(ImageError) -> RGBImage {
        let scale = max(Double(width) / Double(photo.width), Double(height) / Double(photo.height))
        let offsetX = (Double(photo.width) * scale - Double(width)) / 2 + Double(shiftX)
        let offsetY = (Double(photo.height) * scale - Double(height)) / 2
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let sourceY = min(photo.height - 1, Int((Double(y) + offsetY) / scale))
            for x in 0..<width {
                let sourceX = max(0, min(photo.width - 1, Int((Double(x) + offsetX) / scale)))
                let from = (sourceY * photo.width + sourceX) * 3, to = (y * width + x) * 3
                pixels[to] = photo.pixels[from]
                pixels[to + 1] = photo.pixels[from + 1]
                pixels[to + 2] = photo.pixels[from + 2]
            }
        }
        return try RGBImage(width: width, height: height, pixels: pixels)
    }
}
