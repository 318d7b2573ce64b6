import BiocapCore
import BiocapQuality
import Foundation

/// Times `QualityAssessor` and `GateMetrics` on the data set and measures the finger score's rank
/// agreement with NFIQ 2. One core: everything runs on the calling thread.
struct QualityBench {
    let data: BenchDataSet
    let slap: GrayImage
    let repeats: Int
    /// Where the camera bench writes its 720p frames for the OpenCV face baseline.
    var cameraFrames: URL?

    func run() throws -> [String: Any] {
        var result: [String: Any] = [
            "build": Self.buildKind,
            "cpu": Self.cpuModel(),
            "repeats": repeats,
        ]
        result["finger"] = finger()
        result["slap"] = slapResult()
        result["iris"] = timed(data.irises.map { CapturedImage.gray($0) }, position: .iris(.right))
        result["face"] = timed(data.faces, position: .face).merging(faceDetection()) { $1 }
            .merging(["portraits_720p": PortraitBench(faces: data.faces).run()]) { $1 }
        result["gate"] = gate()
        result["camera"] = try CameraBench(faces: data.faces, repeats: repeats, framesDirectory: cameraFrames).run()
        return result
    }

    #if DEBUG
    static let buildKind = "debug"
    #else
    static let buildKind = "release"
    #endif

    private func finger() -> [String: Any] {
        var timing = timed(data.fingerprints.map { .gray($0.image) }, position: .finger(.rightIndex))
        let assessor = QualityAssessor()
        var ours: [String: [Double]] = [:], reference: [String: [Double]] = [:]
        for fingerprint in data.fingerprints {
            guard let nfiq = fingerprint.nfiq2 else { continue }
            let score = Double(assessor.assess(.gray(fingerprint.image), position: .finger(.rightIndex)).score)
            for key in ["overall", fingerprint.database] {
                ours[key, default: []].append(score)
                reference[key, default: []].append(nfiq)
            }
        }
        var spearman: [String: Double] = [:]
        for (key, values) in ours { spearman[key] = Self.rounded(RankCorrelation.spearman(values, reference[key] ?? [])) }
        timing["spearman_vs_nfiq2"] = spearman
        timing["scored_by_nfiq2"] = ours["overall"]?.count ?? 0
        return timing
    }

    private func slapResult() -> [String: Any] {
        var timing = timed([.gray(slap)], position: .finger(.plainRightFour))
        let report = QualityAssessor().assess(.gray(slap), position: .finger(.plainRightFour))
        timing["width"] = slap.width
        timing["height"] = slap.height
        timing["score"] = report.score
        timing["fingers_found"] = report.metric(MetricName.fingersFound) ?? 0
        return timing
    }

    /// Median milliseconds per image (each image's median of `repeats` runs, then the median over
    /// images) and throughput (all pixels over the sum of the per-image medians).
    private func timed(_ images: [CapturedImage], position: BiometricPosition) -> [String: Any] {
        let assessor = QualityAssessor()
        var perImage: [Double] = []
        var pixels = 0
        for image in images {
            perImage.append(BenchTiming.medianMilliseconds(repeats: repeats) {
                _ = assessor.assess(image, position: position)
            })
            pixels += Self.pixelCount(image)
        }
        let total = perImage.reduce(0, +)
        return [
            "images": images.count,
            "median_ms": Self.rounded(BenchTiming.median(perImage)),
            "mpix_per_s": Self.rounded(total > 0 ? Double(pixels) / 1e6 / (total / 1e3) : 0),
        ]
    }

    /// Faces found on the real photos (each at its own size, a fresh scorer: a full search), and
    /// frames without a face where one was found: every tenth fingerprint, every fifth eye, uniform
    /// grey and black and uniform noise at 1280×720.
    private func faceDetection() -> [String: Any] {
        let assessor = QualityAssessor()
        let found = data.faces.filter { (assessor.assess($0, position: .face).metric(MetricName.faceFound) ?? 0) == 1 }.count
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<(1280 * 720)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var nonFaces: [CapturedImage] = data.fingerprints.enumerated().filter { $0.offset % 10 == 0 }.map { .gray($0.element.image) }
        nonFaces += data.irises.enumerated().filter { $0.offset % 5 == 0 }.map { .gray($0.element) }
        nonFaces += [GrayImage(width: 1280, height: 720, fill: 128), GrayImage(width: 1280, height: 720, fill: 0)].map { .gray($0) }
        if let noisy = try? GrayImage(width: 1280, height: 720, pixels: noise) { nonFaces.append(.gray(noisy)) }
        let falseHits = nonFaces.filter { (assessor.assess($0, position: .face).metric(MetricName.faceFound) ?? 0) == 1 }.count
        return ["photos_found": found, "non_face_frames": nonFaces.count, "non_face_frames_with_a_face": falseHits]
    }

    /// The per-frame gate on every grey image (fingerprints, irises, the slap, the faces' luma).
    private func gate() -> [String: Any] {
        var images = data.fingerprints.map(\.image) + data.irises + [slap]
        images += data.faces.compactMap { image -> GrayImage? in
            guard case .rgb(let rgb) = image else { return nil }
            return Self.luma(rgb)
        }
        var total = 0.0, pixels = 0
        for image in images {
            total += BenchTiming.medianMilliseconds(repeats: repeats) { _ = GateMetrics.measure(image) }
            pixels += image.width * image.height
        }
        let slapMilliseconds = BenchTiming.medianMilliseconds(repeats: repeats) { _ = GateMetrics.measure(slap) }
        return [
            "images": images.count,
            "mpix_per_s": Self.rounded(Double(pixels) / 1e6 / (total / 1e3)),
            "slap_ms": Self.rounded(slapMilliseconds),
            "slap_mpix_per_s": Self.rounded(Double(slap.width * slap.height) / 1e6 / (slapMilliseconds / 1e3)),
        ]
    }

    private static func luma(_ rgb: RGBImage) -> GrayImage {
        var pixels = [UInt8](repeating: 0, count: rgb.width * rgb.height)
        for index in pixels.indices {
            let r = Int(rgb.pixels[3 * index]), g = Int(rgb.pixels[3 * index + 1]), b = Int(rgb.pixels[3 * index + 2])
            pixels[index] = UInt8((77 * r + 150 * g + 29 * b) >> 8)
        }
        return GrayImage(width: rgb.width, height: rgb.height, fill: 0).replacingPixels(pixels)
    }

    private static func pixelCount(_ image: CapturedImage) -> Int {
        switch image {
        case .gray(let gray): gray.width * gray.height
        case .rgb(let rgb): rgb.width * rgb.height
        }
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let name = line.split(separator: ":", maxSplits: 1).last else { return "unknown" }
        return name.trimmingCharacters(in: .whitespaces)
    }
}

private extension GrayImage {
    func replacingPixels(_ pixels: [UInt8]) -> GrayImage {
        var copy = self
        copy.pixels = pixels
        return copy
    }
}
