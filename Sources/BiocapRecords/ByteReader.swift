import BiocapCore

/// Reads big-endian integers and byte runs from a buffer, throwing `RecordError.truncated` instead of reading past
/// the end. Offsets in errors are absolute positions in the original buffer.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// Where the next read starts.
    public private(set) var offset: Int
    /// One past the last byte this reader may read (a sub-reader stops at its parent's field boundary).
    public let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], offset: Int, end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    /// Bytes left before `end`.
    public var remaining: Int { end - offset }
    public var isAtEnd: Bool { offset >= end }

    private mutating func take(_ count: Int) throws(RecordError) -> Int {
        guard count >= 0, count <= remaining else { throw .truncated(at: offset, need: count) }
        let start = offset
        offset += count
        return start
    }

    public mutating func readUInt8() throws(RecordError) -> UInt8 {
        bytes[try take(1)]
    }

    public mutating func readUInt16() throws(RecordError) -> UInt16 { try read(size: 2) }

    public mutating func readUInt24() throws(RecordError) -> UInt32 { try read(size: 3) }

    public mutating func readUInt32() throws(RecordError) -> UInt32 { try read(size: 4) }

    public mutating func readUInt64() throws(RecordError) -> UInt64 { try read(size: 8) }

    /// A big-endian integer of `size` bytes; `take` has checked they are there.
    private mutating func read<T: FixedWidthInteger & UnsignedInteger>(size: Int) throws(RecordError) -> T {
        let start = try take(size)
        guard let value = bytes.integer(T.self, at: start, size: size, .bigEndian) else { throw .truncated(at: start, need: size) }
        return value
    }

    public mutating func readBytes(_ count: Int) throws(RecordError) -> [UInt8] {
        let start = try take(count)
        return Array(bytes[start..<start + count])
    }

    /// Skips nothing and returns the next `count` bytes without consuming them; throws when fewer remain.
    public func peekBytes(_ count: Int) throws(RecordError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw .truncated(at: offset, need: count) }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a 4-byte magic or version and throws `badMagic` / `badVersion` when it differs.
    public mutating func expect(magic: [UInt8]) throws(RecordError) {
        let found = try readBytes(magic.count)
        guard found == magic else { throw .badMagic(expected: magic, found: found) }
    }

    public mutating func expect(version: [UInt8]) throws(RecordError) {
        let found = try readBytes(version.count)
        guard found == version else { throw .badVersion(expected: version, found: found) }
    }

    /// Consumes `length` bytes and returns a reader limited to them, for a block whose declared length bounds
    /// everything inside it.
    public mutating func subReader(length: Int) throws(RecordError) -> ByteReader {
        let start = try take(length)
        return ByteReader(bytes: bytes, offset: start, end: start + length)
    }

    /// Reads a representation's 4-byte length (which counts itself), checks it against `minimumLength` and the
    /// bytes left, and returns a reader over the rest of the representation.
    mutating func representationBody(minimumLength: Int, kind: String) throws(RecordError) -> ByteReader {
        let lengthOffset = offset
        let length = Int(try readUInt32())
        guard length >= minimumLength, length - 4 <= remaining else {
            throw .lengthMismatch(
                field: "\(kind) representation length at offset \(lengthOffset)", declared: length, actual: remaining + 4)
        }
        return try subReader(length: length - 4)
    }
}
