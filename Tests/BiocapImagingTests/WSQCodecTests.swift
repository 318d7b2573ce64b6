import BiocapCore
@testable import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// The WSQ codec on its own: the transform inverts exactly, the Huffman tables are valid prefix codes with no code
/// all ones, the rate is spent, resolution and comments survive, and what cannot be encoded is refused clearly.
@Suite struct WSQCodecTests {
    static func finger() throws -> GrayImage {
        var image = try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db1/102_2.pgm"))
        image.ppi = 500
        return image
    }

    @Test("the wavelet decomposition is undone exactly, at even, odd and small sizes",
          arguments: [(300, 300), (257, 311), (33, 47), (32, 32), (448, 478)])
    func transformInverts(size: (Int, Int)) {
        let (width, height) = size
        var generator = SplitMix(seed: UInt64(width * 1000 + height))
        let original = (0..<(width * height)).map { _ in Float(generator.next() % 256) - 128 }
        var samples = original
        let tree = WSQTree(width: width, height: height)
        let transform = WSQTransform(filters: .standard)
        transform.decompose(&samples, width: width, tree: tree)
        #expect(samples != original)
        transform.reconstruct(&samples, width: width, tree: tree)
        let largest = zip(samples, original).map { abs($0 - $1) }.max() ?? 0
        #expect(largest < 0.01, "\(width)×\(height): reconstruction off by \(largest)")
    }

    @Test("the 64 subbands tile the image, coded ones without overlap")
    func subbandsTile() {
        for (width, height) in [(300, 300), (257, 311), (33, 47), (545, 622)] {
            let tree = WSQTree(width: width, height: height)
            var covered = [Int](repeating: 0, count: width * height)
            for region in tree.subbands {
                for y in region.y..<(region.y + region.height) {
                    for x in region.x..<(region.x + region.width) { covered[y * width + x] += 1 }
                }
            }
            #expect(covered.allSatisfy { $0 == 1 }, "\(width)×\(height): subbands overlap or leave gaps")
        }
    }

    @Test("Huffman tables from counts are prefix codes of at most 16 bits, none all ones, every symbol coded")
    func huffmanTables() throws {
        var generator = SplitMix(seed: 7)
        // Skewed, flat, single-symbol and Fibonacci-like counts (the last would need codes longer than 16 bits).
        var fibonacci = [Int](repeating: 0, count: 256)
        var (a, b) = (1, 1)
        for symbol in 0..<30 {
            fibonacci[symbol] = a
            (a, b) = (b, a + b)
        }
        let cases: [[Int]] = [
            (0..<256).map { _ in Int(generator.next() % 1000) },
            [Int](repeating: 5, count: 256),
            (0..<256).map { $0 == 180 ? 1 : 0 },
            fibonacci,
        ]
        for counts in cases {
            let table = try WSQHuffmanTable(counts: counts)
            for symbol in 0..<256 {
                let length = Int(table.lengths[symbol])
                #expect((counts[symbol] > 0) == (length > 0), "symbol \(symbol): count \(counts[symbol]), length \(length)")
                guard length > 0 else { continue }
                #expect(length <= 16)
                #expect(table.codes[symbol] != UInt16((1 << length) - 1), "symbol \(symbol) has an all-ones code")
            }
            // Kraft: the code space is not over-subscribed (the table's own check would have thrown).
            let kraft = (0..<256).reduce(0.0) { $0 + (table.lengths[$1] > 0 ? pow(2, -Double(table.lengths[$1])) : 0) }
            #expect(kraft < 1)
        }
    }

    @Test("encoding spends about the bit rate asked for and decodes faithfully")
    func rateAndFidelity() throws {
        let finger = try Self.finger()
        var previous = 0
        for bitRate in [0.75, 1.5, 2.25] {
            let encoded = try WSQCodec.encode(finger, bitRate: bitRate)
            let bitsPerPixel = Double(encoded.count * 8) / Double(finger.pixels.count)
            #expect(bitsPerPixel > bitRate * 0.6 && bitsPerPixel < bitRate * 1.4, "\(bitRate) bpp asked, \(bitsPerPixel) spent")
            #expect(encoded.count > previous)
            previous = encoded.count
            let decoded = try WSQCodec.decode(encoded)
            #expect(decoded.width == finger.width && decoded.height == finger.height)
            #expect(WSQMeasures.psnr(decoded, finger) > (bitRate < 1 ? 30 : 38), "\(bitRate) bpp: PSNR \(WSQMeasures.psnr(decoded, finger))")
        }
    }

    @Test("a blank frame encodes and decodes to itself")
    func constantImage() throws {
        let blank = GrayImage(width: 64, height: 48, fill: 203)
        let decoded = try WSQCodec.decode(try WSQCodec.encode(blank))
        #expect(decoded.pixels == blank.pixels)
    }

    @Test("resolution and comments round trip; the NIST comment describes the image")
    func resolutionAndComments() throws {
        var finger = try Self.finger()
        let comments = ["captured by biocap", "Ünïcödé and\nnew lines"]
        let encoded = try WSQCodec.encode(finger, bitRate: 0.75, comments: comments)
        #expect(WSQCodec.isWSQ(encoded))
        let info = try WSQCodec.info(encoded)
        #expect(info.width == finger.width && info.height == finger.height)
        #expect(info.ppi == 500)
        #expect(info.comments == comments)
        #expect(info.nistFields["PIX_WIDTH"] == "\(finger.width)" && info.nistFields["PIX_DEPTH"] == "8")
        #expect(info.nistFields["COMPRESSION"] == "WSQ" && info.bitRate == 0.75)
        #expect(try WSQCodec.decode(encoded).ppi == 500)

        finger.ppi = nil
        let unknown = try WSQCodec.encode(finger)
        #expect(try WSQCodec.info(unknown).nistFields["PPI"] == "-1")
        #expect(try WSQCodec.decode(unknown).ppi == nil)
        #expect(try WSQCodec.info(unknown).comments.isEmpty)
    }

    @Test("what WSQ cannot hold is refused with a reason")
    func refusals() throws {
        let finger = try Self.finger()
        var empty = finger
        empty.pixels = []
        #expect(throws: ImageError.pixelCountMismatch(expected: finger.width * finger.height, actual: 0)) { try WSQCodec.encode(empty) }
        #expect(throws: ImageError.invalidSize(width: 16, height: 300)) {
            try WSQCodec.encode(try WSQMeasures.crop(finger, x: 0, y: 0, width: 16, height: 300))
        }
        let colour = try RGBImage(width: 40, height: 40, pixels: [UInt8](repeating: 9, count: 40 * 40 * 3))
        #expect(throws: ImageError.unsupportedFormat("WSQ codes 8-bit grey images only, not RGB")) { try WSQCodec.encode(.rgb(colour)) }
        #expect(throws: ImageError.self) { try WSQCodec.encode(finger, bitRate: 0) }
        #expect(throws: ImageError.self) { try WSQCodec.encode(finger, bitRate: .nan) }
        #expect(throws: ImageError.self) { try WSQCodec.encode(finger, bitRate: 9) }
        #expect(throws: ImageError.self) { try WSQCodec.encode(finger, comments: [""]) }
        #expect(throws: ImageError.self) { try WSQCodec.encode(finger, comments: ["NIST_COM 2\nPPI 1000"]) }
        #expect(throws: ImageError.self) { try WSQCodec.encode(finger, comments: [String(repeating: "x", count: 70_000)]) }
        #expect(try WSQCodec.decode(try WSQCodec.encode(.gray(finger))).width == finger.width)
    }
}
