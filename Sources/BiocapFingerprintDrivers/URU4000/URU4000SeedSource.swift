/// Where the 32-bit image-encryption seeds a U.are.U session writes to register 0x33 come from.
///
/// The device answers each seed with the image key XOR the seed, so the seed only hides the key on
/// the wire: real hardware gets unpredictable seeds; a replay of a recorded session must send the
/// seeds the recording was made with.
public enum URU4000SeedSource: Sendable, Equatable {
    /// Cryptographically random seeds (the system generator), for real devices.
    case systemRandom
    /// GLib's `GRand` seeded with `seed`, drawn with `g_rand_int_range(0, RAND_MAX)`, restarted at
    /// every `open` — what libfprint does in emulation mode (`FP_DEVICE_EMULATION=1`).
    case glibSequence(seed: UInt32)

    /// libfprint's emulation-mode sequence (seed 0xFACADE), which its recordings were made with.
    public static let libfprintEmulation = URU4000SeedSource.glibSequence(seed: 0xFACADE)

    /// A fresh sequence of seeds from this source.
    public func makeSequence() -> URU4000SeedSequence {
        switch self {
        case .systemRandom: URU4000SeedSequence(generator: nil)
        case .glibSequence(let seed): URU4000SeedSequence(generator: GLibRandom(seed: seed))
        }
    }
}
