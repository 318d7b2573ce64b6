import BiocapDeviceKit

/// Bounds-checked little-endian reads inside one descriptor.
struct UVCByteReader {
    let bytes: ArraySlice<UInt8>
    /// Offset of the descriptor in the whole configuration, for error messages.
    let offset: Int
    let what: String

    var count: Int { bytes.count }

    func require(_ length: Int) throws(UVCDescriptorError) {
        guard bytes.count >= length else { throw .truncated(offset: offset, what: what) }
    }

    func u8(_ at: Int) throws(UVCDescriptorError) -> UInt8 {
        try require(at + 1)
        return bytes[bytes.startIndex + at]
    }

    func u16(_ at: Int) throws(UVCDescriptorError) -> UInt16 {
        try require(at + 2)
        let base = bytes.startIndex + at
        return UInt16(bytes[base]) | UInt16(bytes[base + 1]) << 8
    }

    func u32(_ at: Int) throws(UVCDescriptorError) -> UInt32 {
        try require(at + 4)
        let base = bytes.startIndex + at
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[base + $1]) << (8 * $1) }
    }

    func slice(_ at: Int, _ length: Int) throws(UVCDescriptorError) -> [UInt8] {
        try require(at + length)
        let base = bytes.startIndex + at
        return Array(bytes[base..<(base + length)])
    }

    /// A little-endian bitmap of `size` bytes (any size; bits past 64 are dropped).
    func bitmap(_ at: Int, size: Int) throws(UVCDescriptorError) -> UInt64 {
        try require(at + size)
        let base = bytes.startIndex + at
        var value: UInt64 = 0
        for index in 0..<min(size, 8) { value |= UInt64(bytes[base + index]) << (8 * index) }
        return value
    }
}
