import BiocapCore

/// A WSQ file's structure, read and checked without decoding pixels: SOI; tables and comments; the frame header;
/// blocks (each preceded by any tables and comments it needs, then SOB and its entropy-coded bytes); EOI. Every
/// segment length must match its content exactly, every marker must be one WSQ defines in a place it may stand,
/// and the transform and quantisation tables must be defined before the first block (and not redefined after it).
/// Bytes after EOI are ignored, as NBIS ignores them.
struct WSQStream {
    /// A block's Huffman table and where its entropy-coded bytes lie (stuffed, up to the next marker).
    struct Block {
        let table: WSQHuffmanTable
        let start: Int
        let end: Int
    }

    /// Filter lengths a decoder accepts (odd; the specification's are 9 and 7).
    static let filterLengths = 1...31
    static let huffmanTableCount = 8

    private(set) var frame: WSQFrameHeader?
    private(set) var filters: WSQFilterBank?
    private(set) var quantization: WSQQuantizationTable?
    private(set) var blocks: [Block] = []
    /// Every comment's text, in file order.
    private(set) var comments: [String] = []
    private var huffmanTables = [WSQHuffmanTable?](repeating: nil, count: huffmanTableCount)

    /// Reads `bytes` up to EOI; the frame is at most `maximumPixels` pixels.
    init(_ bytes: [UInt8], maximumPixels: Int) throws(ImageError) {
        var reader = WSQByteReader(bytes)
        guard bytes.count >= 2, try reader.uint16("the SOI marker") == WSQMarker.startOfImage.rawValue else {
            throw .unsupportedFormat("not WSQ (no SOI marker FFA0)")
        }
        // Tables and comments up to the frame header.
        while frame == nil {
            let marker = try Self.marker(&reader)
            switch marker {
            case .transformTable, .quantizationTable, .huffmanTable, .comment: try readTableOrComment(marker, &reader)
            case .startOfFrame:
                let header = try Self.segment(marker, &reader) { (payload) throws(ImageError) in try WSQFrameHeader(payload: &payload) }
                guard header.width > 0, header.height > 0, header.width * header.height <= maximumPixels else {
                    throw .invalidSize(width: header.width, height: header.height)
                }
                frame = header
            default: throw .malformed("WSQ \(marker.name) marker before the frame header")
            }
        }
        // Blocks, until EOI.
        while true {
            let marker = try Self.marker(&reader)
            switch marker {
            case .huffmanTable, .comment: try readTableOrComment(marker, &reader)
            case .transformTable, .quantizationTable:
                guard blocks.isEmpty else { throw .malformed("WSQ \(marker.name) table redefined after the first block") }
                try readTableOrComment(marker, &reader)
            case .startOfBlock:
                guard filters != nil else { throw .malformed("WSQ block before any transform table (DTT)") }
                guard quantization != nil else { throw .malformed("WSQ block before any quantisation table (DQT)") }
                let id = try Self.segment(marker, &reader) { (payload) throws(ImageError) in try payload.byte("the SOB table number") }
                guard Int(id) < Self.huffmanTableCount, let table = huffmanTables[Int(id)] else {
                    throw .malformed("WSQ block uses Huffman table \(id), which is not defined")
                }
                let end = try Self.endOfEntropyData(bytes, from: reader.offset)
                blocks.append(Block(table: table, start: reader.offset, end: end))
                reader.skip(to: end)
            case .endOfImage:
                guard !blocks.isEmpty else { throw .malformed("WSQ image without any block") }
                return
            default: throw .malformed("WSQ \(marker.name) marker among the blocks")
            }
        }
    }

    private mutating func readTableOrComment(_ marker: WSQMarker, _ reader: inout WSQByteReader) throws(ImageError) {
        switch marker {
        case .transformTable:
            filters = try Self.segment(marker, &reader) { (payload) throws(ImageError) in try Self.filters(&payload) }
        case .quantizationTable:
            quantization = try Self.segment(marker, &reader) { (payload) throws(ImageError) in try WSQQuantizationTable(payload: &payload) }
        case .huffmanTable:
            let tables = try Self.segment(marker, &reader) { (payload) throws(ImageError) in try Self.huffmanTables(&payload) }
            for (id, table) in tables { huffmanTables[id] = table }
        case .comment:
            let text = try Self.segment(marker, &reader) { (payload) throws(ImageError) in
                String(decoding: try payload.bytes(payload.remaining, "a comment"), as: UTF8.self)
            }
            comments.append(text)
        default: throw .malformed("WSQ \(marker.name) marker where a table was expected")
        }
    }

    // MARK: Segments

    private static func marker(_ reader: inout WSQByteReader) throws(ImageError) -> WSQMarker {
        let at = reader.offset
        let value = try reader.uint16("a marker")
        guard let marker = WSQMarker(rawValue: value) else {
            throw .malformed("WSQ has \(String(value, radix: 16, uppercase: true)) at byte \(at) where a marker belongs")
        }
        if marker == .restartInterval { throw .malformed("WSQ restart intervals (DRT) are not supported") }
        return marker
    }

    /// Reads a segment's length and hands `parse` a reader limited to its payload, which it must use up exactly.
    private static func segment<Value>(_ marker: WSQMarker, _ reader: inout WSQByteReader,
                                       _ parse: (inout WSQByteReader) throws(ImageError) -> Value) throws(ImageError) -> Value {
        let length = Int(try reader.uint16("the \(marker.name) segment length"))
        guard length >= 2 else { throw .malformed("WSQ \(marker.name) segment length \(length)") }
        guard reader.remaining >= length - 2 else { throw .malformed("WSQ truncated inside the \(marker.name) segment") }
        let end = reader.offset + length - 2
        var payload = WSQByteReader(reader.bytes, offset: reader.offset, end: end)
        let value = try parse(&payload)
        guard payload.remaining == 0 else {
            throw .malformed("WSQ \(marker.name) segment is \(length) bytes long but its content ends \(payload.remaining) bytes earlier")
        }
        reader.skip(to: end)
        return value
    }

    /// The DTT payload: both analysis filters from their right halves.
    private static func filters(_ reader: inout WSQByteReader) throws(ImageError) -> WSQFilterBank {
        let lowLength = Int(try reader.byte("the DTT low-pass length"))
        let highLength = Int(try reader.byte("the DTT high-pass length"))
        guard filterLengths.contains(lowLength), filterLengths.contains(highLength), lowLength % 2 == 1, highLength % 2 == 1 else {
            throw .unsupportedFormat("WSQ filters of \(lowLength) and \(highLength) taps (odd lengths up to 31 are read)")
        }
        func half(_ count: Int) throws(ImageError) -> [Float] {
            var taps: [Float] = []
            for _ in 0..<count {
                let sign = try reader.byte("a DTT tap sign")
                guard sign <= 1 else { throw .malformed("WSQ DTT tap sign byte \(sign)") }
                let exponent = try reader.byte("a DTT tap exponent")
                let magnitude = WSQScaledNumber.decode(integer: try reader.uint32("a DTT tap"), exponent: exponent)
                taps.append(sign == 1 ? -magnitude : magnitude)
            }
            return taps
        }
        let low = try half((lowLength + 1) / 2)
        let high = try half((highLength + 1) / 2)
        return WSQFilterBank(lowpassHalf: low, highpassHalf: high)
    }

    /// The DHT payload: one or more tables, each a number (0–7, once per segment), 16 counts and the values.
    private static func huffmanTables(_ reader: inout WSQByteReader) throws(ImageError) -> [(Int, WSQHuffmanTable)] {
        var tables: [(Int, WSQHuffmanTable)] = []
        repeat {
            let id = Int(try reader.byte("a DHT table number"))
            guard id < huffmanTableCount else { throw .malformed("WSQ Huffman table number \(id) (0–7 allowed)") }
            guard !tables.contains(where: { $0.0 == id }) else { throw .malformed("WSQ DHT segment defines table \(id) twice") }
            let bits = Array(try reader.bytes(WSQHuffmanTable.maximumCodeLength, "DHT code-length counts"))
            let count = bits.reduce(0) { $0 + Int($1) }
            guard count <= WSQHuffmanTable.symbolCount else { throw .malformed("WSQ Huffman table with \(count) codes") }
            let values = Array(try reader.bytes(count, "DHT values"))
            tables.append((id, try WSQHuffmanTable(bits: bits, values: values)))
        } while reader.remaining > 0
        return tables
    }

    /// Where the entropy-coded bytes starting at `start` end: at the first `FF` not followed by a stuffed `00`.
    private static func endOfEntropyData(_ bytes: [UInt8], from start: Int) throws(ImageError) -> Int {
        let end = bytes.withUnsafeBufferPointer { data -> Int? in
            var index = start
            while index + 1 < data.count {
                if data[index] == 0xFF {
                    if data[index + 1] != 0 { return index }
                    index += 2
                } else {
                    index += 1
                }
            }
            return nil
        }
        guard let end else { throw .malformed("WSQ truncated inside a block (no marker after its data)") }
        return end
    }
}
