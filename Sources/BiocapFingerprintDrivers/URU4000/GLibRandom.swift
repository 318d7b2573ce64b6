/// GLib's `GRand` pseudo-random generator (MT19937, seeded the way `g_rand_set_seed` does since GLib
/// 2.2), so a replay can send the very seeds libfprint sent when it recorded a session: libfprint's
/// uru4000 driver seeds a `GRand` with 0xFACADE in emulation mode and draws each image-encryption seed
/// with `g_rand_int_range(rand, 0, RAND_MAX)`.
public struct GLibRandom: Sendable {
    private static let stateSize = 624
    private static let shift = 397
    private static let twistMatrix: UInt32 = 0x9908_b0df
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7fff_ffff

    private var state: [UInt32]
    private var index: Int

    /// `g_rand_new_with_seed(seed)` / `g_rand_set_seed(rand, seed)`.
    public init(seed: UInt32) {
        var state = [UInt32](repeating: 0, count: Self.stateSize)
        state[0] = seed
        for position in 1..<Self.stateSize {
            let previous = state[position - 1]
            state[position] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(position)
        }
        self.state = state
        index = Self.stateSize
    }

    /// `g_rand_int`: the next 32-bit output, tempered.
    public mutating func next() -> UInt32 {
        if index >= Self.stateSize { regenerate() }
        var value = state[index]
        index += 1
        value ^= value >> 11
        value ^= (value << 7) & 0x9d2c_5680
        value ^= (value << 15) & 0xefc6_0000
        value ^= value >> 18
        return value
    }

    /// `g_rand_int_range(rand, lower, upper)`: uniform in `lower ..< upper` by rejecting the outputs
    /// above the largest multiple of the range's width (GLib ≥ 2.2 behaviour).
    public mutating func next(in range: Range<Int32>) -> Int32 {
        let width = UInt32(bitPattern: range.upperBound &- range.lowerBound)
        guard width > 0 else { return range.lowerBound }
        let largest: UInt32
        if width <= 0x8000_0000 {
            // 2^32 mod width, computed without 64-bit arithmetic as GLib does.
            var leftover = (0x8000_0000 % width) &* 2
            if leftover >= width { leftover -= width }
            largest = 0xffff_ffff - leftover
        } else {
            largest = width - 1
        }
        var value = next()
        while value > largest { value = next() }
        return range.lowerBound &+ Int32(bitPattern: value % width)
    }

    private mutating func regenerate() {
        for position in 0..<Self.stateSize {
            let mixed = (state[position] & Self.upperMask) | (state[(position + 1) % Self.stateSize] & Self.lowerMask)
            var twisted = state[(position + Self.shift) % Self.stateSize] ^ (mixed >> 1)
            if mixed & 1 != 0 { twisted ^= Self.twistMatrix }
            state[position] = twisted
        }
        index = 0
    }
}
