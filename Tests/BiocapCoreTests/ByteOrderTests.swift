import BiocapCore
import Testing

/// The one endian reader and writer used by descriptors, controls, records and recordings.
@Suite struct ByteOrderTests {
    @Test func readsBothOrdersAndAnyWidthInBounds() {
        let bytes: [UInt8] = [0x12, 0x34, 0x56, 0x78, 0x9a]
        #expect(bytes.integer(UInt16.self, at: 0, .littleEndian) == 0x3412)
        #expect(bytes.integer(UInt16.self, at: 0, .bigEndian) == 0x1234)
        #expect(bytes.integer(UInt32.self, at: 1, size: 3, .bigEndian) == 0x34_5678)
        #expect(bytes.integer(UInt32.self, at: 1, .littleEndian) == 0x9a78_5634)
        #expect(bytes.integer(UInt64.self, at: 0, size: 5, .bigEndian) == 0x12_3456_789a)
        // A slice keeps its parent's indices.
        #expect(bytes[2...].integer(UInt16.self, at: 2, .bigEndian) == 0x5678)
    }

    @Test func outOfBoundsIsNilNeverATrap() {
        let bytes: [UInt8] = [1, 2, 3]
        #expect(bytes.integer(UInt32.self, at: 0, .littleEndian) == nil)
        #expect(bytes.integer(UInt16.self, at: 2, .littleEndian) == nil)
        #expect(bytes.integer(UInt16.self, at: -1, .littleEndian) == nil)
        #expect(bytes.integer(UInt16.self, at: .max, .littleEndian) == nil)
        #expect(bytes.integer(UInt16.self, at: 0, size: 3, .littleEndian) == nil, "wider than the type")
        #expect(bytes[1...].integer(UInt16.self, at: 0, .littleEndian) == nil, "before a slice's start")
    }

    @Test func writesWhatItReads() {
        var bytes: [UInt8] = []
        bytes.append(UInt16(0xbeef), .littleEndian)
        bytes.append(UInt32(0x0102_0304), size: 3, .bigEndian)
        #expect(bytes == [0xef, 0xbe, 0x02, 0x03, 0x04])
        let written = bytes.set(UInt16(0xcafe), at: 3, .bigEndian)
        #expect(written)
        #expect(bytes == [0xef, 0xbe, 0x02, 0xca, 0xfe])
        let pastTheEnd = bytes.set(UInt32(1), at: 3, .bigEndian)
        #expect(!pastTheEnd, "a write past the end changes nothing")
        #expect(bytes.count == 5)
        for value: UInt32 in [0, 1, 0xdead_beef, .max] {
            for order in [ByteOrder.littleEndian, .bigEndian] {
                #expect([UInt8].bytes(of: value, order).integer(UInt32.self, at: 0, order) == value)
            }
        }
    }
}
