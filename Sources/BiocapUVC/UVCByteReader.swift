import BiocapCore

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
        guard let value = bytes.integer(UInt16.self, at: bytes.startIndex + at, .littleEndian) else {
            throw .truncated(offset: offset, what: what)
        }
        return value
    }

    func u32(_ at: Int) throws(UVCDescriptorError) -> UInt32 {
        guard let value = bytes.integer(UInt32.self, at: bytes.startIndex + at, .littleEndian) else {
            throw .truncated(offset: offset, what: what)
        }
        return value
    }

    func slice(_ at: Int, _ length: Int) throws(UVCDescriptorError) -> [UInt8] {
        try require(at + length)
        let base = bytes.startIndex + at
        return Array(bytes[base..<(base + length)])
    }

    /// A little-endian bitmap of `size` bytes (any size; bits past 64 are dropped).
    func bitmap(_ at: Int, size: Int) throws(UVCDescriptorError) -> UInt64 {
        try require(at + size)
        return bytes.integer(UInt64.self, at: bytes.startIndex + at, size: min(size, 8), .littleEndian) ?? 0
    }
}
