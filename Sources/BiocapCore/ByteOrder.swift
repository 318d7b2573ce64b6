/// The order of a multi-byte integer's bytes on a wire or in a file: USB descriptors and UVC controls
/// are little-endian, ISO/IEC 19794 records and pcap's network fields big-endian.
public enum ByteOrder: Sendable, Hashable {
    case littleEndian
    case bigEndian
}

extension Collection where Element == UInt8, Index == Int {
    /// The unsigned integer of `size` bytes (default: the type's width) at `offset` in `order`, or nil when
    /// those bytes are not all inside the collection. Indices are the collection's own (a slice keeps its
    /// parent's). The one endian reader of biocap: descriptor parsers, records and recordings use it.
    /// `@inlinable` so callers in other modules (UVC payload headers on libusb's event thread) get it
    /// specialised for their buffer type instead of a generic call per byte.
    @inlinable
    public func integer<T: FixedWidthInteger & UnsignedInteger>(
        _ type: T.Type = T.self, at offset: Int, size: Int = MemoryLayout<T>.size, _ order: ByteOrder
    ) -> T? {
        guard size > 0, size <= MemoryLayout<T>.size, offset >= startIndex, offset <= endIndex - size else { return nil }
        var value: T = 0
        for step in 0..<size {
            let byte = T(self[offset + step])
            switch order {
            case .littleEndian: value |= byte << (8 * step)
            case .bigEndian: value = value << 8 | byte
            }
        }
        return value
    }
}

extension Array where Element == UInt8 {
    /// Appends the low `size` bytes of `value` (default: its width) in `order`.
    @inlinable
    public mutating func append<T: FixedWidthInteger>(_ value: T, size: Int = MemoryLayout<T>.size, _ order: ByteOrder) {
        append(contentsOf: Self.bytes(of: value, size: size, order))
    }

    /// Overwrites the `size` bytes at `offset` with `value` in `order`; returns false (and changes nothing)
    /// when they are not all inside the array.
    @discardableResult
    @inlinable
    public mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int, size: Int = MemoryLayout<T>.size, _ order: ByteOrder) -> Bool {
        guard size > 0, offset >= 0, offset <= count - size else { return false }
        replaceSubrange(offset..<offset + size, with: Self.bytes(of: value, size: size, order))
        return true
    }

    /// The low `size` bytes of `value` in `order`.
    @inlinable
    public static func bytes<T: FixedWidthInteger>(of value: T, size: Int = MemoryLayout<T>.size, _ order: ByteOrder) -> [UInt8] {
        let little = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return order == .littleEndian ? little : little.reversed()
    }
}
