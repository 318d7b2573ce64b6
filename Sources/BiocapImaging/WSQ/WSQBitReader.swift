/// Reads the bits of one entropy-coded block, most significant first, dropping the zero byte stuffed after each
/// `FF`. The block ends where its marker starts (found beforehand), so a stuffed pair never straddles the end.
/// Bits asked for past the end read as ones, as the encoder's padding is.
struct WSQBitReader {
    private let data: UnsafeBufferPointer<UInt8>
    private var position: Int
    private let end: Int
    /// Unread bits, left-aligned; the bits below `count` are zero.
    private var buffer: UInt64 = 0
    /// How many real bits `buffer` holds.
    private(set) var count = 0

    init(_ data: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        self.data = data
        position = start
        self.end = end
    }

    /// Whether every byte of the block has been taken into the buffer.
    var isExhausted: Bool { position >= end }

    /// Tops the buffer up to at least 57 bits, or to the end of the block.
    @inline(__always)
    mutating func refill() {
        while count <= 56, position < end {
            let byte = data[position]
            position += byte == 0xFF ? 2 : 1
            buffer |= UInt64(byte) << UInt64(56 - count)
            count += 8
        }
    }

    /// The next `width` bits (1–32) without consuming them, ones past the end.
    @inline(__always)
    func peek(_ width: Int) -> UInt32 {
        let padded = count >= 64 ? buffer : buffer | (UInt64.max >> UInt64(count))
        return UInt32(truncatingIfNeeded: padded >> UInt64(64 - width))
    }

    @inline(__always)
    mutating func consume(_ width: Int) {
        buffer <<= UInt64(width)
        count -= width
    }
}
