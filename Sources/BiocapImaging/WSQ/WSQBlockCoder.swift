import BiocapCore

/// The symbols WSQ's Huffman codes stand for, and the coding of a block of quantised coefficients with them
/// (specification, the Huffman coding section and its table of categories; NBIS `wsq/encoder.c` `compress_block`,
/// `wsq/decoder.c` `huffman_decode_data_mem`):
///
/// - 1–100: a run of that many zeros;
/// - 101/102: a coefficient above 74 / below −73, its magnitude in the next 8 bits; 103/104: the same in 16 bits;
/// - 105/106: a run of zeros whose length follows in 8 / 16 bits;
/// - 107–254: a coefficient from −73 to 74, as 180 plus its value.
///
/// Runs never cross a block boundary and never exceed 65 535 zeros.
enum WSQBlockCoder {
    static let largestRunSymbol = 100
    static let positiveByteEscape = 101, negativeByteEscape = 102
    static let positiveWordEscape = 103, negativeWordEscape = 104
    static let byteRunEscape = 105, wordRunEscape = 106
    static let coefficientOffset = 180
    static let smallestDirectCoefficient = -73, largestDirectCoefficient = 74

    /// Calls `emit(symbol, extra, extraBits)` for each symbol coding `coefficients`.
    @inline(__always)
    static func forEachSymbol(_ coefficients: UnsafeBufferPointer<Int16>, _ emit: (Int, UInt32, Int) -> Void) {
        var run = 0
        @inline(__always) func flushRun() {
            if run <= largestRunSymbol {
                emit(run, 0, 0)
            } else if run <= 0xFF {
                emit(byteRunEscape, UInt32(run), 8)
            } else {
                emit(wordRunEscape, UInt32(run), 16)
            }
            run = 0
        }
        for coefficient in coefficients {
            if coefficient == 0 {
                run += 1
                if run == 0xFFFF { flushRun() }
                continue
            }
            if run > 0 { flushRun() }
            let value = Int(coefficient)
            if value >= smallestDirectCoefficient, value <= largestDirectCoefficient {
                emit(value + coefficientOffset, 0, 0)
            } else if value > 0 {
                if value <= 0xFF { emit(positiveByteEscape, UInt32(value), 8) } else { emit(positiveWordEscape, UInt32(value), 16) }
            } else {
                if value >= -0xFF { emit(negativeByteEscape, UInt32(-value), 8) } else { emit(negativeWordEscape, UInt32(-value), 16) }
            }
        }
        if run > 0 { flushRun() }
    }

    /// How often each symbol occurs in the blocks (256 counts), to build their Huffman table.
    static func symbolCounts(_ blocks: [ArraySlice<Int16>]) -> [Int] {
        var counts = [Int](repeating: 0, count: WSQHuffmanTable.symbolCount)
        counts.withUnsafeMutableBufferPointer { counts in
            for block in blocks {
                block.withUnsafeBufferPointer { coefficients in
                    forEachSymbol(coefficients) { symbol, _, _ in counts[symbol] += 1 }
                }
            }
        }
        return counts
    }

    /// Huffman-codes one block (its bytes stuffed and padded, ready to follow an SOB segment).
    static func encode(_ block: ArraySlice<Int16>, table: WSQHuffmanTable) -> [UInt8] {
        var writer = WSQBitWriter(capacity: block.count / 2 + 16)
        table.codes.withUnsafeBufferPointer { codes in
            table.lengths.withUnsafeBufferPointer { lengths in
                block.withUnsafeBufferPointer { coefficients in
                    forEachSymbol(coefficients) { symbol, extra, extraBits in
                        writer.write(UInt32(codes[symbol]), count: Int(lengths[symbol]))
                        if extraBits > 0 { writer.write(extra, count: extraBits) }
                    }
                }
            }
        }
        return writer.finish()
    }

    /// Decodes the entropy-coded bytes `data[start..<end]` with `table`, appending coefficients to `output` from
    /// `next`; returns where the next block continues. Never writes past `output`'s end: more coefficients than
    /// the image holds, an invalid code, an unknown symbol or data cut inside a symbol is `.malformed`.
    static func decode(_ data: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, table: WSQHuffmanTable,
                       into output: UnsafeMutableBufferPointer<Int16>, at next: Int) throws(ImageError) -> Int {
        var reader = WSQBitReader(data, from: start, to: end)
        var next = next
        let capacity = output.count
        let lookupBits = WSQHuffmanTable.lookupBits
        return try table.lookup.withUnsafeBufferPointer { (lookup) throws(ImageError) -> Int in
            while true {
                reader.refill()
                if reader.count == 0 { return next }
                var symbol = -1, length = 0
                let entry = lookup[Int(reader.peek(lookupBits))]
                if entry >> 8 != 0 {
                    symbol = Int(entry & 0xFF)
                    length = Int(entry >> 8)
                } else {
                    for candidate in (lookupBits + 1)...WSQHuffmanTable.maximumCodeLength {
                        let maximum = table.maximumCode[candidate]
                        let code = Int32(reader.peek(candidate))
                        if maximum >= 0, code <= maximum {
                            let index = Int(table.firstValue[candidate] + code - table.minimumCode[candidate])
                            guard index >= 0, index < table.values.count else { break }
                            symbol = Int(table.values[index])
                            length = candidate
                            break
                        }
                    }
                }
                if symbol < 0 || length > reader.count {
                    // What is left of the last byte is the encoder's padding.
                    if reader.isExhausted, reader.count < 8 { return next }
                    throw .malformed(symbol < 0 ? "WSQ block holds a bit sequence that is no code of its Huffman table"
                                     : "WSQ block ends inside a Huffman code")
                }
                reader.consume(length)
                func extra(_ bits: Int) throws(ImageError) -> Int {
                    guard reader.count >= bits else { throw .malformed("WSQ block ends inside an escaped value") }
                    let value = Int(reader.peek(bits))
                    reader.consume(bits)
                    return value
                }
                func zeros(_ run: Int) throws(ImageError) {
                    guard run <= capacity - next else { throw .malformed("WSQ data holds more coefficients than its subbands") }
                    for index in next..<(next + run) { output[index] = 0 }
                    next += run
                }
                func coefficient(_ value: Int) throws(ImageError) {
                    guard next < capacity else { throw .malformed("WSQ data holds more coefficients than its subbands") }
                    guard let stored = Int16(exactly: value) else { throw .malformed("WSQ coefficient \(value) out of range") }
                    output[next] = stored
                    next += 1
                }
                switch symbol {
                case 1...largestRunSymbol: try zeros(symbol)
                case positiveByteEscape: try coefficient(try extra(8))
                case negativeByteEscape: try coefficient(-(try extra(8)))
                case positiveWordEscape: try coefficient(try extra(16))
                case negativeWordEscape: try coefficient(-(try extra(16)))
                case byteRunEscape: try zeros(try extra(8))
                case wordRunEscape: try zeros(try extra(16))
                case (coefficientOffset + smallestDirectCoefficient)...(coefficientOffset + largestDirectCoefficient):
                    try coefficient(symbol - coefficientOffset)
                default: throw .malformed("WSQ Huffman symbol \(symbol) is not one WSQ defines")
                }
            }
        }
    }
}
