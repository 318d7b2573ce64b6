import BiocapCore

/// WSQ, the FBI's Wavelet Scalar Quantization for 8-bit grey fingerprints at 500 ppi (FBI IAFIS-IC-0110 v3.1),
/// written from the specification and checked against NIST's NBIS both ways (`docs/wsq.md`).
///
/// Encoding: pixels shifted by their mean and scaled into ±128, a 20-step 2-D wavelet decomposition with the 9/7
/// filters into 64 subbands, bin widths from the subbands' variances for a target bit rate, uniform quantisation
/// with a wider zero bin, and two Huffman tables (one for the lowest 19 subbands, one for the rest) built for the
/// image. Decoding reverses it. Pure Swift; calls may run on any thread at once.
public enum WSQCodec {
    /// Images larger than this many pixels are refused (a lying header must not allocate gigabytes).
    public static let maximumPixels = 100_000_000
    /// The smallest side encoded: five decomposition levels need at least two samples in every step.
    public static let minimumSide = 32
    /// The bit rates accepted, in bits per pixel (0.75 is the FBI's setting for 500 ppi fingerprints; 2.25 gives
    /// about 5:1).
    public static let bitRates = 0.05...8.0

    // MARK: Encoding

    /// Encodes an 8-bit grey image at about `bitRate` bits per pixel. The file starts with the NIST comment (size,
    /// depth, the image's `ppi` or -1, lossy, `WSQ_BITRATE`), then one COM segment per extra comment.
    /// - Throws: `.pixelCountMismatch` for an inconsistent image, `.invalidSize` for a side under 32 or over 65535
    ///   pixels or more than `maximumPixels`, `.codec` for a bit rate outside `bitRates` or a comment that is empty,
    ///   longer than 65533 bytes or starts with `NIST_COM`.
    public static func encode(_ image: GrayImage, bitRate: Double = 0.75, comments: [String] = []) throws(ImageError) -> [UInt8] {
        let (width, height) = (image.width, image.height)
        guard image.pixels.count == width * height else { throw .pixelCountMismatch(expected: width * height, actual: image.pixels.count) }
        guard width >= minimumSide, height >= minimumSide, width <= Int(UInt16.max), height <= Int(UInt16.max),
              width * height <= maximumPixels else { throw .invalidSize(width: width, height: height) }
        guard bitRate.isFinite, bitRates.contains(bitRate) else {
            throw .codec("a WSQ bit rate must be between \(bitRates.lowerBound) and \(bitRates.upperBound) bits per pixel, not \(bitRate)")
        }
        for comment in comments {
            guard !comment.isEmpty, comment.utf8.count <= Int(UInt16.max) - 2 else {
                throw .codec("a WSQ comment must hold 1 to 65533 bytes, not \(comment.utf8.count)")
            }
            guard !comment.hasPrefix(WSQNISTComment.header) else { throw .codec("a WSQ comment may not start with NIST_COM (the encoder writes that one)") }
        }

        let (frame, samples) = try normalizedSamples(image)
        var coefficients = samples
        let tree = WSQTree(width: width, height: height)
        WSQTransform(filters: .standard).decompose(&coefficients, width: width, tree: tree)
        let table = try quantizationTable(coefficients, width: width, tree: tree, bitRate: bitRate)
        let quantized = WSQQuantizer.quantize(coefficients, width: width, tree: tree, table: table)

        let sizes = table.codedCounts(tree: tree).perBlock
        let blocks = [quantized[0..<sizes[0]], quantized[sizes[0]..<(sizes[0] + sizes[1])],
                      quantized[(sizes[0] + sizes[1])..<(sizes[0] + sizes[1] + sizes[2])]]
        let lowTable = try WSQHuffmanTable(counts: WSQBlockCoder.symbolCounts([blocks[0]]))
        let highTable = try WSQHuffmanTable(counts: WSQBlockCoder.symbolCounts([blocks[1], blocks[2]]))

        var writer = WSQSegmentWriter(capacity: Int(Double(width * height) * bitRate / 8) + 2048)
        writer.marker(.startOfImage)
        let nist = WSQNISTComment(width: width, height: height, ppi: image.ppi, bitRate: bitRate)
        try writer.segment(.comment, Array(nist.text.utf8))
        for comment in comments { try writer.segment(.comment, Array(comment.utf8)) }
        try writer.segment(.transformTable, try WSQSegmentWriter.transformTablePayload(.standard))
        try writer.segment(.quantizationTable, try table.payload())
        try writer.segment(.startOfFrame, try frame.payload())
        for (index, block) in blocks.enumerated() {
            let (id, huffman) = index == 0 ? (UInt8(0), lowTable) : (UInt8(1), highTable)
            if index < 2 { try writer.segment(.huffmanTable, WSQSegmentWriter.huffmanTablePayload(id: id, huffman)) }
            try writer.segment(.startOfBlock, [id])
            writer.append(WSQBlockCoder.encode(block, table: huffman))
        }
        writer.marker(.endOfImage)
        return writer.bytes
    }

    /// Encodes a grey image; colour is refused (WSQ codes 8-bit grey only).
    /// - Throws: `.unsupportedFormat` for RGB, else as `encode(_:bitRate:comments:)` for grey.
    public static func encode(_ image: CapturedImage, bitRate: Double = 0.75, comments: [String] = []) throws(ImageError) -> [UInt8] {
        guard case .gray(let gray) = image else { throw .unsupportedFormat("WSQ codes 8-bit grey images only, not RGB") }
        return try encode(gray, bitRate: bitRate, comments: comments)
    }

    /// The frame header (mean shift, scale into ±128, as they will be stored) and the pixels shifted and scaled.
    private static func normalizedSamples(_ image: GrayImage) throws(ImageError) -> (WSQFrameHeader, [Float]) {
        var sum = 0, low = 255, high = 0
        image.pixels.withUnsafeBufferPointer { pixels in
            for pixel in pixels {
                let value = Int(pixel)
                sum += value
                low = min(low, value)
                high = max(high, value)
            }
        }
        let mean = Float(sum) / Float(image.pixels.count)
        let spread = max(mean - Float(low), Float(high) - mean) / 128
        // Quantise with the values the decoder will read back.
        var frame = WSQFrameHeader(width: image.width, height: image.height, shift: mean, scale: spread)
        var reader = WSQByteReader(try frame.payload())
        frame = try WSQFrameHeader(payload: &reader)
        let (shift, scale) = (frame.shift, frame.scale)
        var samples = [Float](repeating: 0, count: image.pixels.count)
        if scale > 0 {
            image.pixels.withUnsafeBufferPointer { pixels in
                samples.withUnsafeMutableBufferPointer { samples in
                    for index in pixels.indices { samples[index] = (Float(pixels[index]) - shift) / scale }
                }
            }
        }
        return (frame, samples)
    }

    /// Bin widths for `bitRate`, rounded to what the DQT segment stores.
    private static func quantizationTable(_ coefficients: [Float], width: Int, tree: WSQTree, bitRate: Double) throws(ImageError) -> WSQQuantizationTable {
        let variances = WSQQuantizer.variances(of: coefficients, width: width, tree: tree)
        let widths = WSQQuantizer.binWidths(variances: variances, bitRate: bitRate)
        var binWidths = [Float](repeating: 0, count: WSQQuantizationTable.subbandCount)
        var zeroBinWidths = binWidths
        for (index, width) in widths.enumerated() where width > 0 {
            guard let stored = WSQScaledNumber.encode16(Float(width)),
                  let storedZero = WSQScaledNumber.encode16(Float(width) * WSQQuantizer.zeroBinRatio) else {
                throw .codec("WSQ bin width \(width) for subband \(index) cannot be stored: bit rate \(bitRate) is too low for this image")
            }
            binWidths[index] = WSQScaledNumber.decode(integer: UInt32(stored.integer), exponent: stored.exponent)
            zeroBinWidths[index] = WSQScaledNumber.decode(integer: UInt32(storedZero.integer), exponent: storedZero.exponent)
        }
        return WSQQuantizationTable(binCenter: WSQQuantizationTable.standardBinCenter, binWidths: binWidths, zeroBinWidths: zeroBinWidths)
    }

    // MARK: Decoding

    /// Whether `bytes` start with WSQ's SOI marker (`FF A0`).
    public static func isWSQ(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xFF, 0xA0]) }

    /// Size, resolution and comments of a WSQ file, its structure checked but its pixels not decoded.
    /// - Throws: as `decode`, short of errors in the entropy-coded data.
    public static func info(_ bytes: [UInt8]) throws(ImageError) -> WSQInfo {
        info(of: try WSQStream(bytes, maximumPixels: maximumPixels))
    }

    private static func info(of stream: WSQStream) -> WSQInfo {
        let nist = stream.comments.lazy.compactMap { WSQNISTComment(text: $0) }.first
        var fields: [String: String] = [:]
        for field in nist?.fields ?? [] where fields[field.name] == nil { fields[field.name] = field.value }
        return WSQInfo(width: stream.frame?.width ?? 0, height: stream.frame?.height ?? 0, ppi: nist?.ppi,
                       comments: stream.comments.filter { !$0.hasPrefix(WSQNISTComment.header) }, nistFields: fields)
    }

    /// Decodes a WSQ file to an 8-bit grey image, with the resolution of its NIST comment when it has one.
    /// - Throws: `.unsupportedFormat` without the SOI marker or for filters it cannot apply, `.invalidSize` for a
    ///   frame of no or more than `maximumPixels` pixels, `.malformed` naming the first thing wrong: a truncated or
    ///   misplaced segment, a length that does not match its content, an invalid Huffman table or code, or
    ///   coefficients that do not fill the subbands exactly.
    public static func decode(_ bytes: [UInt8]) throws(ImageError) -> GrayImage {
        let stream = try WSQStream(bytes, maximumPixels: maximumPixels)
        guard let frame = stream.frame, let filters = stream.filters, let table = stream.quantization else {
            throw .malformed("WSQ without frame header or tables")
        }
        let (width, height) = (frame.width, frame.height)
        let tree = WSQTree(width: width, height: height)
        let expected = table.codedCounts(tree: tree).total
        // Each symbol takes at least one bit and stands for at most 65 535 coefficients (a 16-bit run escape, 17
        // bits or more): a header claiming more than the data could hold is refused before allocating for it.
        let entropyBits = stream.blocks.reduce(0) { $0 + 8 * ($1.end - $1.start) }
        guard expected <= entropyBits * (65535 / 17) + 100 * entropyBits else {
            throw .malformed("WSQ data of \(entropyBits / 8) bytes cannot hold the \(expected) coefficients of a \(width)×\(height) image")
        }
        var quantized = [Int16](repeating: 0, count: expected)
        var decoded = 0
        try bytes.withUnsafeBufferPointer { (data) throws(ImageError) in
            try quantized.withUnsafeMutableBufferPointer { (output) throws(ImageError) in
                for block in stream.blocks {
                    decoded = try WSQBlockCoder.decode(data, from: block.start, to: block.end, table: block.table, into: output, at: decoded)
                }
            }
        }
        guard decoded == expected else {
            throw .malformed("WSQ data holds \(decoded) coefficients where its subbands hold \(expected)")
        }

        var samples = [Float](repeating: 0, count: width * height)
        WSQQuantizer.dequantize(quantized, into: &samples, width: width, tree: tree, table: table)
        WSQTransform(filters: filters).reconstruct(&samples, width: width, tree: tree)
        var pixels = [UInt8](repeating: 0, count: width * height)
        let (shift, scale) = (frame.shift, frame.scale)
        samples.withUnsafeBufferPointer { samples in
            pixels.withUnsafeMutableBufferPointer { pixels in
                for index in samples.indices {
                    let value = samples[index] * scale + shift + 0.5
                    // NaN (from absurd filters in a hostile file) falls to 0 like anything below range.
                    pixels[index] = value >= 255 ? 255 : value >= 0 ? UInt8(value) : 0
                }
            }
        }
        return try GrayImage(width: width, height: height, pixels: pixels, ppi: info(of: stream).ppi)
    }
}
