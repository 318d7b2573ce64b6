import BiocapCore
import CZlib

/// PNG (ISO/IEC 15948) for 8-bit grey (colour type 0) and grey + alpha (colour type 4) images, non-interlaced:
/// the writer, a reader of the same kind of file, and a structural check. Compression and CRCs use the system zlib.
///
/// The writer emits IHDR, one IDAT (zlib stream, each row filtered with whichever of the five filter types gives
/// the smallest sum of absolute differences) and IEND. The reader accepts any chunk order the standard allows for
/// these files, skips ancillary chunks, checks every CRC and unfilters types 0–4. Neither traps on any input.
public enum PNGCodec {
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The largest width or height read or written.
    public static let maximumDimension = 32768
    /// The largest number of pixels read.
    public static let maximumPixels = 1 << 26

    /// A PNG of `image` with alpha (colour type 4, 8 bits per sample).
    public static func encode(_ image: GrayAlphaImage) throws(ImageError) -> [UInt8] {
        try encode(width: image.width, height: image.height, channels: 2, samples: image.pixels)
    }

    /// A PNG of `image` without alpha (colour type 0, 8 bits per sample).
    public static func encode(_ image: GrayImage) throws(ImageError) -> [UInt8] {
        try encode(width: image.width, height: image.height, channels: 1, samples: image.pixels)
    }

    /// Reads a non-interlaced 8-bit grey or grey + alpha PNG; grey images come back with alpha 255.
    public static func decode(_ bytes: [UInt8]) throws(ImageError) -> GrayAlphaImage {
        let file = try parse(bytes)
        let channels = file.header.colourType == 4 ? 2 : 1
        let rowBytes = file.header.width * channels
        let expected = file.header.height * (rowBytes + 1)
        let raw = try inflate(file.data, expectedCount: expected)
        let samples = try unfilter(raw, rowBytes: rowBytes, height: file.header.height, bytesPerPixel: channels)
        if channels == 2 { return try GrayAlphaImage(width: file.header.width, height: file.header.height, pixels: samples) }
        var pixels = [UInt8](repeating: 255, count: samples.count * 2)
        for (index, grey) in samples.enumerated() { pixels[index * 2] = grey }
        return try GrayAlphaImage(width: file.header.width, height: file.header.height, pixels: pixels)
    }

    /// Checks the signature, the chunk structure (IHDR first and valid, at least one IDAT, IEND last and empty,
    /// no unknown critical chunk) and every chunk's CRC, without inflating the image data.
    public static func validate(_ bytes: [UInt8]) throws(ImageError) {
        _ = try parse(bytes, validateHeaderSupport: false)
    }

    /// The IHDR fields this codec reads.
    struct Header {
        var width: Int
        var height: Int
        var bitDepth: UInt8
        var colourType: UInt8
    }

    // MARK: - Writing

    private static func encode(width: Int, height: Int, channels: Int, samples: [UInt8]) throws(ImageError) -> [UInt8] {
        guard (1...maximumDimension).contains(width), (1...maximumDimension).contains(height) else {
            throw .invalidSize(width: width, height: height)
        }
        let rowBytes = width * channels
        guard samples.count == rowBytes * height else {
            throw .pixelCountMismatch(expected: rowBytes * height, actual: samples.count)
        }
        let filtered = filter(samples, rowBytes: rowBytes, height: height, bytesPerPixel: channels)
        let compressed = try deflate(filtered)
        var out = signature
        var header: [UInt8] = []
        header.append(UInt32(width), .bigEndian)
        header.append(UInt32(height), .bigEndian)
        header += [8, channels == 2 ? 4 : 0, 0, 0, 0]
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", compressed, to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out.append(UInt32(data.count), .bigEndian)
        out += typeBytes
        out += data
        out.append(UInt32(crc(typeBytes + data)), .bigEndian)
    }

    /// Each row prefixed with its filter type: the type whose output has the smallest sum of absolute values.
    private static func filter(_ samples: [UInt8], rowBytes: Int, height: Int, bytesPerPixel: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((rowBytes + 1) * height)
        var previous = [UInt8](repeating: 0, count: rowBytes)
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        var best = [UInt8](repeating: 0, count: rowBytes)
        for row in 0..<height {
            let current = Array(samples[row * rowBytes..<(row + 1) * rowBytes])
            var bestType: UInt8 = 0
            var bestCost = Int.max
            for type in UInt8(0)...4 {
                var cost = 0
                for index in 0..<rowBytes {
                    let left = index >= bytesPerPixel ? current[index - bytesPerPixel] : 0
                    let up = previous[index]
                    let upLeft = index >= bytesPerPixel ? previous[index - bytesPerPixel] : 0
                    let value = current[index] &- predictor(type, left: left, up: up, upLeft: upLeft)
                    candidate[index] = value
                    cost += abs(Int(Int8(bitPattern: value)))
                }
                if cost < bestCost {
                    bestCost = cost
                    bestType = type
                    swap(&best, &candidate)
                }
            }
            out.append(bestType)
            out += best
            previous = current
        }
        return out
    }

    private static func deflate(_ data: [UInt8]) throws(ImageError) -> [UInt8] {
        var capacity = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = out.withUnsafeMutableBufferPointer { destination in
            data.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &capacity, source.baseAddress, uLong(data.count), 9)
            }
        }
        guard status == Z_OK else { throw .codec("zlib compress2 failed (\(status))") }
        out.removeSubrange(Int(capacity)...)
        return out
    }

    // MARK: - Reading

    private static func parse(_ bytes: [UInt8], validateHeaderSupport: Bool = true) throws(ImageError) -> (header: Header, data: [UInt8]) {
        guard bytes.starts(with: signature) else { throw .malformed("not a PNG (bad signature)") }
        var offset = signature.count
        var header: Header?
        var data: [UInt8] = []
        var sawData = false
        var ended = false
        while offset < bytes.count {
            guard !ended else { throw .malformed("bytes after IEND") }
            guard bytes.count - offset >= 12 else { throw .malformed("chunk header truncated at offset \(offset)") }
            guard let length = bytes.integer(UInt32.self, at: offset, .bigEndian).map(Int.init),
                  length <= 0x7FFF_FFFF, length <= bytes.count - offset - 12 else {
                throw .malformed("chunk at offset \(offset) runs past the end")
            }
            let type = Array(bytes[offset + 4..<offset + 8])
            guard type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw .malformed("invalid chunk type at offset \(offset)")
            }
            let body = Array(bytes[offset + 8..<offset + 8 + length])
            let stored = bytes.integer(UInt32.self, at: offset + 8 + length, .bigEndian)
            guard stored == UInt32(crc(type + body)) else {
                throw .malformed("CRC mismatch in \(String(decoding: type, as: UTF8.self)) chunk at offset \(offset)")
            }
            let name = String(decoding: type, as: UTF8.self)
            if header == nil, name != "IHDR" { throw .malformed("first chunk is \(name), not IHDR") }
            switch name {
            case "IHDR":
                guard header == nil else { throw .malformed("second IHDR") }
                header = try readHeader(body, checkSupport: validateHeaderSupport)
            case "IDAT":
                data += body
                sawData = true
            case "IEND":
                guard length == 0 else { throw .malformed("IEND with data") }
                ended = true
            case "PLTE":
                if validateHeaderSupport { throw .unsupportedFormat("PNG with a palette") }
            default:
                guard type[0] & 0x20 != 0 else { throw .unsupportedFormat("unknown critical PNG chunk \(name)") }
            }
            offset += 12 + length
        }
        guard let header else { throw .malformed("no IHDR") }
        guard sawData else { throw .malformed("no IDAT") }
        guard ended else { throw .malformed("no IEND") }
        return (header, data)
    }

    private static func readHeader(_ body: [UInt8], checkSupport: Bool) throws(ImageError) -> Header {
        guard body.count == 13, let width = body.integer(UInt32.self, at: 0, .bigEndian),
              let height = body.integer(UInt32.self, at: 4, .bigEndian) else {
            throw .malformed("IHDR is \(body.count) bytes, not 13")
        }
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
            throw .invalidSize(width: Int(width), height: Int(height))
        }
        let header = Header(width: Int(width), height: Int(height), bitDepth: body[8], colourType: body[9])
        guard body[10] == 0, body[11] == 0, body[12] <= 1 else { throw .malformed("invalid IHDR compression/filter/interlace") }
        guard checkSupport else { return header }
        guard header.bitDepth == 8, header.colourType == 0 || header.colourType == 4 else {
            throw .unsupportedFormat("PNG bit depth \(header.bitDepth), colour type \(header.colourType) (8-bit grey or grey+alpha only)")
        }
        guard body[12] == 0 else { throw .unsupportedFormat("interlaced PNG") }
        guard header.width <= maximumDimension, header.height <= maximumDimension,
              header.width * header.height <= maximumPixels else {
            throw .invalidSize(width: header.width, height: header.height)
        }
        return header
    }

    private static func inflate(_ data: [UInt8], expectedCount: Int) throws(ImageError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: expectedCount)
        var length = uLong(expectedCount)
        let status = out.withUnsafeMutableBufferPointer { destination in
            data.withUnsafeBufferPointer { source in
                uncompress(destination.baseAddress, &length, source.baseAddress, uLong(data.count))
            }
        }
        guard status == Z_OK else {
            throw .malformed(status == Z_BUF_ERROR ? "image data longer than the image, or cut short" : "image data is not a valid zlib stream (\(status))")
        }
        guard Int(length) == expectedCount else {
            throw .malformed("image data holds \(length) bytes, the image needs \(expectedCount)")
        }
        return out
    }

    private static func unfilter(_ raw: [UInt8], rowBytes: Int, height: Int, bytesPerPixel: Int) throws(ImageError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: rowBytes * height)
        for row in 0..<height {
            let type = raw[row * (rowBytes + 1)]
            guard type <= 4 else { throw .malformed("row \(row) has filter type \(type)") }
            let source = row * (rowBytes + 1) + 1
            let base = row * rowBytes
            for index in 0..<rowBytes {
                let left = index >= bytesPerPixel ? out[base + index - bytesPerPixel] : 0
                let up = row > 0 ? out[base - rowBytes + index] : 0
                let upLeft = row > 0 && index >= bytesPerPixel ? out[base - rowBytes + index - bytesPerPixel] : 0
                out[base + index] = raw[source + index] &+ predictor(type, left: left, up: up, upLeft: upLeft)
            }
        }
        return out
    }

    /// The value filter `type` predicts from the left, upper and upper-left samples.
    @inline(__always)
    private static func predictor(_ type: UInt8, left: UInt8, up: UInt8, upLeft: UInt8) -> UInt8 {
        switch type {
        case 1: return left
        case 2: return up
        case 3: return UInt8((Int(left) + Int(up)) / 2)
        case 4:
            let estimate = Int(left) + Int(up) - Int(upLeft)
            let toLeft = abs(estimate - Int(left)), toUp = abs(estimate - Int(up)), toUpLeft = abs(estimate - Int(upLeft))
            if toLeft <= toUp, toLeft <= toUpLeft { return left }
            return toUp <= toUpLeft ? up : upLeft
        default: return 0
        }
    }

    /// CRC-32 (ISO 3309) by zlib.
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }
}
