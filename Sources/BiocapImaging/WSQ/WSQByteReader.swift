import BiocapCore

/// A bounds-checked cursor over a WSQ file: every read past the end is `ImageError.malformed` naming what was
/// being read.
struct WSQByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    /// Reads stop here (the end of the file, or of the segment being read).
    var end: Int

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }

    mutating func byte(_ what: @autoclosure () -> String) throws(ImageError) -> UInt8 {
        guard offset < end else { throw .malformed("WSQ truncated while reading \(what())") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16(_ what: @autoclosure () -> String) throws(ImageError) -> UInt16 {
        guard end - offset >= 2 else { throw .malformed("WSQ truncated while reading \(what())") }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func uint32(_ what: @autoclosure () -> String) throws(ImageError) -> UInt32 {
        guard end - offset >= 4 else { throw .malformed("WSQ truncated while reading \(what())") }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    /// An exponent byte and a 16-bit integer (`WSQScaledNumber`).
    mutating func scaled16(_ what: @autoclosure () -> String) throws(ImageError) -> Float {
        let exponent = try byte(what())
        return WSQScaledNumber.decode(integer: UInt32(try uint16(what())), exponent: exponent)
    }

    mutating func bytes(_ count: Int, _ what: @autoclosure () -> String) throws(ImageError) -> ArraySlice<UInt8> {
        guard count >= 0, end - offset >= count else { throw .malformed("WSQ truncated while reading \(what())") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func skip(to position: Int) { offset = position }
}
