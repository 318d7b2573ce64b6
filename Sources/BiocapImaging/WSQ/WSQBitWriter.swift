/// Writes entropy-coded bits most significant first, stuffing a zero byte after every `FF` so no marker can appear
/// inside a block, and pads the last byte with ones (specification, entropy-coded segments; NBIS `write_bits`,
/// `flush_bits`).
struct WSQBitWriter {
    private(set) var bytes: [UInt8] = []
    private var pending: UInt64 = 0
    private var pendingCount = 0

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends the low `count` bits of `value` (at most 32).
    @inline(__always)
    mutating func write(_ value: UInt32, count: Int) {
        pending = pending << UInt64(count) | UInt64(value) & ((1 << UInt64(count)) - 1)
        pendingCount += count
        while pendingCount >= 8 {
            pendingCount -= 8
            let byte = UInt8(truncatingIfNeeded: pending >> UInt64(pendingCount))
            bytes.append(byte)
            if byte == 0xFF { bytes.append(0) }
        }
        pending &= (1 << UInt64(pendingCount)) - 1
    }

    /// Pads the last partial byte with ones and returns everything written.
    mutating func finish() -> [UInt8] {
        if pendingCount > 0 { write((1 << UInt32(8 - pendingCount)) - 1, count: 8 - pendingCount) }
        return bytes
    }
}
