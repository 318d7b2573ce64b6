/// A running sequence of image-encryption seeds, in libfprint's range `0 ..< RAND_MAX` (2^31 − 1).
public struct URU4000SeedSequence: Sendable {
    /// glibc's `RAND_MAX`, the exclusive upper bound libfprint draws seeds below.
    public static let randMax: Int32 = 0x7fff_ffff

    private var generator: GLibRandom?

    /// `nil` draws from the system's cryptographically secure generator.
    init(generator: GLibRandom?) {
        self.generator = generator
    }

    /// The next seed.
    public mutating func next() -> UInt32 {
        if var replayed = generator {
            defer { generator = replayed }
            return UInt32(replayed.next(in: 0 ..< Self.randMax))
        }
        var system = SystemRandomNumberGenerator()
        return UInt32.random(in: 0 ..< UInt32(Self.randMax), using: &system)
    }
}
