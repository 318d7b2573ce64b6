import BiocapCore

/// A canonical Huffman code as a DHT segment defines it: how many codes there are of each length 1–16 (`bits`) and
/// the symbols in code order (`values`). Codes of one length are consecutive integers, each length starting where
/// the previous ended, shifted left (JPEG's construction, ISO/IEC 10918-1 Annex C, which WSQ reuses; NBIS
/// `jpegl/huff.c`). An encoder builds one from symbol counts (Annex K.2/K.3: optimal lengths, limited to 16 bits);
/// no code is all ones, so the ones padding the last byte of a block never decode as a symbol.
struct WSQHuffmanTable: Sendable, Equatable {
    static let maximumCodeLength = 16
    /// Symbols are bytes.
    static let symbolCount = 256

    /// `bits[n]`: the number of codes of length `n + 1`.
    let bits: [UInt8]
    let values: [UInt8]

    /// Code and length per symbol (length 0: the symbol has no code).
    private(set) var codes = [UInt16](repeating: 0, count: 256)
    private(set) var lengths = [UInt8](repeating: 0, count: 256)

    /// Lookup of the next `lookupBits` bits: `symbol | length << 8`, length 0 when the code is longer.
    static let lookupBits = 10
    private(set) var lookup = [UInt16](repeating: 0, count: 1 << 10)
    /// Per length: the largest code (-1 for none), the smallest, and the index of its first value.
    private(set) var maximumCode = [Int32](repeating: -1, count: 17)
    private(set) var minimumCode = [Int32](repeating: 0, count: 17)
    private(set) var firstValue = [Int32](repeating: 0, count: 17)

    /// Checks that the counts describe a prefix code (no length overflows) with one value per code.
    init(bits: [UInt8], values: [UInt8]) throws(ImageError) {
        guard bits.count == Self.maximumCodeLength else { throw .malformed("a WSQ Huffman table needs 16 code-length counts") }
        let total = bits.reduce(0) { $0 + Int($1) }
        guard total == values.count, total <= Self.symbolCount else {
            throw .malformed("a WSQ Huffman table lists \(values.count) values for \(total) codes")
        }
        self.bits = bits
        self.values = values
        var code: Int32 = 0, index: Int32 = 0
        for length in 1...Self.maximumCodeLength {
            let count = Int32(bits[length - 1])
            // Checked before the codes are laid out: a length with more codes than it has room for would run its
            // codes (and their lookup slots) past the end.
            guard code + count <= 1 << length else { throw .malformed("WSQ Huffman table has too many codes of length \(length)") }
            if count > 0 {
                firstValue[length] = index
                minimumCode[length] = code
                maximumCode[length] = code + count - 1
                for offset in 0..<count {
                    let value = Int(values[Int(index + offset)])
                    guard lengths[value] == 0 else { throw .malformed("WSQ Huffman table codes value \(value) twice") }
                    codes[value] = UInt16(code + offset)
                    lengths[value] = UInt8(length)
                    if length <= Self.lookupBits {
                        let shift = Self.lookupBits - length
                        let first = Int(code + offset) << shift
                        for slot in first..<(first + (1 << shift)) { lookup[slot] = UInt16(value) | UInt16(length) << 8 }
                    }
                }
                code += count
                index += count
            }
            code <<= 1
        }
    }

    /// The optimal table for symbols occurring `counts[symbol]` times (256 counts), no code longer than 16 bits and
    /// none all ones. A symbol that never occurs gets no code.
    init(counts: [Int]) throws(ImageError) {
        // One extra symbol, counted once, takes the last code of the longest length, which would be all ones;
        // it is dropped after the lengths are set (Annex K.2's reserved code point).
        let reserved = Self.symbolCount
        var weights = counts.map { Int64($0) } + [1]
        var lengths = Self.codeLengths(weights: &weights)
        // Make sure the reserved symbol is among the longest codes (ties in merging could leave it shorter).
        if let longest = lengths.indices.max(by: { lengths[$0] < lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }),
           longest != reserved {
            lengths.swapAt(longest, reserved)
        }
        let longest = lengths.max() ?? 0
        var bitsPerLength = [Int](repeating: 0, count: max(longest + 1, Self.maximumCodeLength + 1))
        for length in lengths where length > 0 { bitsPerLength[length] += 1 }
        // Symbols in code order: by length, then by symbol (the reserved one, 256, comes last of the longest).
        let ordered = lengths.indices.filter { lengths[$0] > 0 }.sorted { (lengths[$0], $0) < (lengths[$1], $1) }
        // Annex K.3: move codes longer than 16 bits up, then drop the reserved code from the longest length.
        var length = bitsPerLength.count - 1
        while length > Self.maximumCodeLength {
            while bitsPerLength[length] > 0 {
                var shorter = length - 2
                while shorter > 0, bitsPerLength[shorter] == 0 { shorter -= 1 }
                guard shorter > 0 else { throw .codec("WSQ Huffman code lengths could not be limited to 16 bits") }
                bitsPerLength[length] -= 2
                bitsPerLength[length - 1] += 1
                bitsPerLength[shorter + 1] += 2
                bitsPerLength[shorter] -= 1
            }
            length -= 1
        }
        while length > 0, bitsPerLength[length] == 0 { length -= 1 }
        if length > 0 { bitsPerLength[length] -= 1 }
        let kept = ordered.filter { $0 != reserved }
        try self.init(bits: (1...Self.maximumCodeLength).map { UInt8(bitsPerLength[$0]) }, values: kept.map { UInt8($0) })
    }

    /// Huffman code lengths for `weights` (zero weight: no code), merging the two lightest nodes until one is left.
    private static func codeLengths(weights: inout [Int64]) -> [Int] {
        let symbols = weights.count
        var parent = [Int](repeating: -1, count: 2 * symbols)
        var nodeWeight = weights + [Int64](repeating: 0, count: symbols)
        var live = weights.indices.filter { weights[$0] > 0 }
        var next = symbols
        // The lighter of two nodes; among equal weights the later one, so late symbols sink deepest.
        func lighter(_ a: Int, _ b: Int) -> Bool { nodeWeight[a] != nodeWeight[b] ? nodeWeight[a] < nodeWeight[b] : a > b }
        while live.count > 1 {
            var first = 0, second = 1
            if lighter(live[second], live[first]) { swap(&first, &second) }
            for slot in 2..<live.count {
                if lighter(live[slot], live[first]) {
                    second = first
                    first = slot
                } else if lighter(live[slot], live[second]) {
                    second = slot
                }
            }
            let (firstNode, secondNode) = (live[first], live[second])
            live.remove(at: max(first, second))
            live.remove(at: min(first, second))
            nodeWeight[next] = nodeWeight[firstNode] + nodeWeight[secondNode]
            parent[firstNode] = next
            parent[secondNode] = next
            live.append(next)
            next += 1
        }
        return (0..<symbols).map { symbol in
            guard weights[symbol] > 0, parent[symbol] >= 0 else { return 0 }
            var depth = 0, node = symbol
            while parent[node] >= 0 {
                depth += 1
                node = parent[node]
            }
            return depth
        }
    }
}
