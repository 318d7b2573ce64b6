/// Seeded damage to real inputs, as a hostile device, a broken file or a careless client would make it: bytes
/// replaced, bits flipped, extreme values (0, 1, 0x7F, 0x80, 0xFF; big-endian 16- and 32-bit 0, 1, 0x7FFF, 0x8000,
/// 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF) written over fields, a length field nudged by a few,
/// bytes inserted, removed, duplicated elsewhere or swapped, and the end cut off. Three changes in four land in the
/// first `focus` bytes, where headers and lengths are. The same seed gives the same sequence of inputs.
public struct ByteMutator: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range` (not empty).
    public mutating func int(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private static let extremeBytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x10, 0x20, 0x40]
    private static let extremeWords: [UInt32] = [0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]

    /// `input` with one to five changes.
    public mutating func mutate(_ input: [UInt8], focus: Int = 256) -> [UInt8] {
        var bytes = input
        for _ in 0..<int(1..<6) {
            guard !bytes.isEmpty else {
                bytes = [UInt8(truncatingIfNeeded: next())]
                continue
            }
            let span = int(0..<4) > 0 && bytes.count > focus ? focus : bytes.count
            let index = int(0..<span)
            switch int(0..<10) {
            case 0: bytes[index] = UInt8(truncatingIfNeeded: next())
            case 1: bytes[index] ^= 1 << UInt8(int(0..<8))
            case 2: bytes[index] = Self.extremeBytes[int(0..<Self.extremeBytes.count)]
            case 3:
                let value = Self.extremeWords[int(0..<Self.extremeWords.count)]
                let width = int(0..<2) == 0 ? 2 : 4
                for k in 0..<width where index + k < bytes.count {
                    bytes[index + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(width - 1 - k)))
                }
            case 4:
                if index + 1 < bytes.count {
                    let value = (Int(bytes[index]) << 8 | Int(bytes[index + 1])) + int(-3..<4)
                    bytes[index] = UInt8(truncatingIfNeeded: value >> 8)
                    bytes[index + 1] = UInt8(truncatingIfNeeded: value)
                }
            case 5: bytes.insert(contentsOf: (0..<int(1..<16)).map { _ in UInt8(truncatingIfNeeded: next()) }, at: index)
            case 6: bytes.removeSubrange(index..<min(bytes.count, index + int(1..<32)))
            case 7:
                let copy = Array(bytes[index..<min(bytes.count, index + int(1..<64))])
                bytes.insert(contentsOf: copy, at: int(0..<bytes.count))
            case 8: bytes.removeLast(min(bytes.count, int(0..<64)))
            default: bytes.swapAt(index, int(0..<bytes.count))
            }
        }
        return bytes
    }
}
