/// The stream cipher of the U.are.U image: a 32-bit linear-feedback shift register keyed with the
/// image key. Each step shifts the key right by one and feeds the parity of the tapped bits in at
/// bit 31; each data byte is XORed with 8 key bits taken before the step. The device sends the
/// scrambled data one byte late: plain byte `i` comes from wire byte `i + 1`, and the last byte of a
/// block is always 0.
public enum URU4000Descrambler {
    /// Feedback taps (bits 0, 2, 3, 6, 10, 12, 19, 22, 25, 28, 31).
    public static let feedbackTaps: UInt32 = 0x9248_144d
    /// Key bits that make up the XOR byte, from its least significant bit up.
    public static let keystreamBits: [UInt32] = [4, 8, 11, 14, 18, 21, 24, 29]

    /// One step of the register.
    public static func step(_ key: UInt32) -> UInt32 {
        let parity = UInt32((key & feedbackTaps).nonzeroBitCount & 1)
        return parity << 31 | key >> 1
    }

    /// `count` steps: what an unencrypted block costs the key.
    public static func skip(_ count: Int, key: UInt32) -> UInt32 {
        var key = key
        for _ in 0..<max(0, count) { key = step(key) }
        return key
    }

    /// The XOR byte the key gives before its next step.
    public static func keystreamByte(_ key: UInt32) -> UInt8 {
        var byte: UInt8 = 0
        for (position, bit) in keystreamBits.enumerated() where key >> bit & 1 != 0 {
            byte |= 1 << UInt8(position)
        }
        return byte
    }

    /// Descrambles `bytes[range]` in place with `key`; returns the key for the next block (the
    /// register has then stepped once per byte).
    @discardableResult
    public static func descramble(_ bytes: inout [UInt8], _ range: Range<Int>, key: UInt32) -> UInt32 {
        guard let last = range.last else { return key }
        var key = key
        for index in range.lowerBound ..< last {
            let xor = keystreamByte(key)
            key = step(key)
            bytes[index] = bytes[index + 1] ^ xor
        }
        bytes[last] = 0
        return step(key)
    }
}
