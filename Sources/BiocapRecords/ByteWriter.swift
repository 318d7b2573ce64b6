import BiocapCore

/// Appends big-endian integers and raw bytes, as every ISO/IEC 19794 record field is stored.
///
/// Callers check that values fit before writing (see `checkedUInt16` etc.); the writer itself truncates nothing
/// because every method takes the exact-width type.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(max(0, capacity))
    }

    public var count: Int { bytes.count }

    public mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    public mutating func write(_ value: UInt16) { bytes.append(value, .bigEndian) }

    /// Writes the low 24 bits, most significant first.
    public mutating func writeUInt24(_ value: UInt32) { bytes.append(value, size: 3, .bigEndian) }

    public mutating func write(_ value: UInt32) { bytes.append(value, .bigEndian) }

    public mutating func write(_ value: UInt64) { bytes.append(value, .bigEndian) }

    public mutating func write(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Overwrites a 4-byte big-endian value at `offset` (used to patch lengths once known).
    /// Offsets outside the written bytes are ignored; callers only patch fields they wrote.
    public mutating func patch(_ value: UInt32, at offset: Int) {
        bytes.set(value, at: offset, .bigEndian)
    }
}

/// Range checks that turn an `Int` into a wire-width integer or throw, so encoders never trap.
enum FieldWidth {
    static func uint8(_ value: Int, _ field: String) throws(RecordError) -> UInt8 {
        guard let narrowed = UInt8(exactly: value) else {
            throw .valueOutOfRange(field: field, value: value, allowed: 0...Int(UInt8.max))
        }
        return narrowed
    }

    static func uint16(_ value: Int, _ field: String) throws(RecordError) -> UInt16 {
        guard let narrowed = UInt16(exactly: value) else {
            throw .valueOutOfRange(field: field, value: value, allowed: 0...Int(UInt16.max))
        }
        return narrowed
    }

    static func uint32(_ value: Int, _ field: String) throws(RecordError) -> UInt32 {
        guard let narrowed = UInt32(exactly: value) else {
            throw .valueOutOfRange(field: field, value: value, allowed: 0...Int(UInt32.max))
        }
        return narrowed
    }
}
