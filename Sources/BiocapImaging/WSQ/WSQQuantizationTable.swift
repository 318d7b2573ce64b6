import BiocapCore

/// The DQT segment's content: the bin centre and, per subband, the bin width Q and zero-bin width Z (0 for a
/// subband that is not coded). 64 entries; 60–63 are never coded. Values are those the decoder will read back,
/// so an encoder quantises with exactly these.
struct WSQQuantizationTable: Sendable, Equatable {
    static let subbandCount = 64
    /// The specification's bin centre, 0.44 (stored as 44 × 10⁻²).
    static let standardBinCenter = WSQScaledNumber.decode(integer: 44, exponent: 2)

    var binCenter: Float
    var binWidths: [Float]
    var zeroBinWidths: [Float]

    /// Whether subband `index` is coded (its bin width is not zero).
    func isCoded(_ index: Int) -> Bool { binWidths[index] != 0 }

    /// The number of quantised coefficients the coded subbands hold, per block and in all.
    func codedCounts(tree: WSQTree) -> (perBlock: [Int], total: Int) {
        let perBlock = WSQTree.blockRanges.map { range in
            range.reduce(0) { $0 + (isCoded($1) ? tree.subbands[$1].area : 0) }
        }
        return (perBlock, perBlock.reduce(0, +))
    }

    /// The segment's bytes after its length field: the bin centre, then Q and Z for each of the 64 subbands.
    func payload() throws(ImageError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(3 + 6 * Self.subbandCount)
        func put(_ value: Float, _ what: String) throws(ImageError) {
            guard let scaled = WSQScaledNumber.encode16(value) else { throw .codec("WSQ \(what) \(value) cannot be stored") }
            bytes.append(scaled.exponent)
            bytes.append(UInt8(scaled.integer >> 8))
            bytes.append(UInt8(scaled.integer & 0xFF))
        }
        try put(binCenter, "bin centre")
        for index in 0..<Self.subbandCount {
            try put(binWidths[index], "bin width")
            try put(zeroBinWidths[index], "zero-bin width")
        }
        return bytes
    }

    /// Reads the payload `payload()` writes.
    init(payload reader: inout WSQByteReader) throws(ImageError) {
        binCenter = try reader.scaled16("the DQT bin centre")
        binWidths = []
        zeroBinWidths = []
        for _ in 0..<Self.subbandCount {
            binWidths.append(try reader.scaled16("a DQT bin width"))
            zeroBinWidths.append(try reader.scaled16("a DQT zero-bin width"))
        }
    }

    init(binCenter: Float, binWidths: [Float], zeroBinWidths: [Float]) {
        self.binCenter = binCenter
        self.binWidths = binWidths
        self.zeroBinWidths = zeroBinWidths
    }
}
