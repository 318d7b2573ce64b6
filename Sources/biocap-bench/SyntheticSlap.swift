import BiocapCore
import BiocapDevices
import BiocapQuality

/// A 1600×1500 four-finger slap from the simulated scanner: the best-scoring of its first frames,
/// so the fingers are down on the platen.
enum SyntheticSlap {
    static func make(seed: UInt64 = 7, frames: Int = 40) async throws -> GrayImage {
        let scanner = SimulatedFingerprintScanner(options: SimulationOptions(id: "bench-finger", seed: seed, timeScale: 0))
        try await scanner.open()
        let request = CaptureRequest(modality: .finger, positions: [.finger(.plainRightFour)], threshold: 100,
                                     timeout: .seconds(60))
        let assessor = QualityAssessor()
        var best: (image: GrayImage, score: Int)?
        for try await frame in try await scanner.frames(for: request) {
            for view in frame.views {
                guard case .gray(let image) = view.image else { continue }
                let score = assessor.assess(view.image, position: view.position).score
                if score > best?.score ?? -1 { best = (image, score) }
            }
            if frame.index + 1 >= frames { break }
        }
        await scanner.close()
        guard let best else { throw BenchError.noSlapFrame }
        return best.image
    }
}

enum BenchError: Error, CustomStringConvertible {
    case noSlapFrame
    case usage(String)

    var description: String {
        switch self {
        case .noSlapFrame: "the simulated scanner gave no slap frame"
        case .usage(let message): message
        }
    }
}
