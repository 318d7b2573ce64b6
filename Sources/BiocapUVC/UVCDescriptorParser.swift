import BiocapCore
import BiocapDeviceKit

/// Reads a configuration descriptor (optionally preceded by the device descriptor) into a
/// `UVCDeviceDescription`. Every length is checked: a zero or lying `bLength`, or a descriptor
/// shorter than its type needs, is a thrown error, never a loop or an out-of-bounds read.
public enum UVCDescriptorParser {
    static let videoClass: UInt8 = 0x0e
    static let videoControlSubclass: UInt8 = 0x01
    static let videoStreamingSubclass: UInt8 = 0x02

    /// Whether any interface in the descriptors is of the video class (0x0e). Never throws: bytes that
    /// do not walk cleanly are simply not a UVC device.
    public static func isUVC(_ descriptors: [UInt8]) -> Bool {
        var found = false
        do {
            try walk(descriptors) { _, reader throws(UVCDescriptorError) in
                if try reader.u8(1) == 0x04, reader.count >= 9, try reader.u8(5) == videoClass { found = true }
            }
        } catch {
            return false
        }
        return found
    }

    /// Parses the descriptors; throws when they are malformed or describe no usable UVC stream.
    public static func parse(_ descriptors: [UInt8]) throws(UVCDescriptorError) -> UVCDeviceDescription {
        var state = ParseState()
        try walk(descriptors) { offset, reader throws(UVCDescriptorError) in
            try state.consume(reader, offset: offset)
        }
        return try state.finish()
    }

    /// Calls `visit` for each descriptor, checking its length against the data first.
    static func walk(
        _ bytes: [UInt8], _ visit: (Int, UVCByteReader) throws(UVCDescriptorError) -> Void
    ) throws(UVCDescriptorError) {
        var end = bytes.count
        var offset = 0
        while offset < end {
            guard offset + 2 <= end else { throw .badLength(offset: offset, length: end - offset) }
            let length = Int(bytes[offset])
            guard length >= 2, offset + length <= end else { throw .badLength(offset: offset, length: length) }
            if bytes[offset + 1] == 0x02 {
                // A configuration descriptor bounds everything after it by wTotalLength.
                guard length >= 4 else { throw .truncated(offset: offset, what: "configuration") }
                let total = Int(bytes.integer(UInt16.self, at: offset + 2, .littleEndian) ?? 0)
                guard total >= length, offset + total <= bytes.count else {
                    throw .inconsistent("wTotalLength \(total) exceeds the \(bytes.count - offset) bytes available")
                }
                end = offset + total
            }
            try visit(offset, UVCByteReader(bytes: bytes[offset..<(offset + length)], offset: offset, what: "descriptor"))
            offset += length
        }
    }
}
