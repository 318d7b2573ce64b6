import BiocapCore
import BiocapSynthesis

/// A 1600×1500 four-finger slap from the fingerprint synthesiser (the simulated scanner's generator),
/// rendered in full, steady contact: what the scanner shows once the fingers are down on the platen.
enum SyntheticSlap {
    static func make(seed: UInt64 = 7) -> GrayImage {
        let slap = FingerPosition.plainRightFour
        let planes = FingerprintSynthesizer.slap(seed: seed, slap: slap, present: Set(slap.fingers))
        let contact = FingerContact(coverage: 1, contrast: 1, shiftX: 0, shiftY: 0, motionBlur: 0)
        return FingerprintRenderer(planes: planes, seed: seed).render(contact, frameIndex: 0)
    }
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)

    var description: String {
        switch self {
        case .usage(let message): message
        }
    }
}
