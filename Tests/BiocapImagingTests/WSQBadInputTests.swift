import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// Truncated, damaged, lying and foreign input to the WSQ decoder: each is an error or an image, never a crash or a
/// hang, and structural damage is reported as what it is.
@Suite struct WSQBadInputTests {
    static func smallFile() throws -> [UInt8] {
        let finger = try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db3/103_4.pgm"))
        return try WSQCodec.encode(try WSQMeasures.crop(finger, x: 150, y: 150, width: 96, height: 80), bitRate: 1.5)
    }

    static func fingerFile() throws -> [UInt8] {
        try WSQCodec.encode(try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db1/107_4.pgm")))
    }

    @Test("every prefix short of the whole file is refused")
    func prefixes() throws {
        for (file, stride) in [(try Self.smallFile(), 1), (try Self.fingerFile(), 11)] {
            #expect(throws: Never.self) { try WSQCodec.decode(file) }
            var accepted: [Int] = []
            for length in Swift.stride(from: 0, to: file.count, by: stride) where (try? WSQCodec.decode(Array(file.prefix(length)))) != nil {
                accepted.append(length)
            }
            #expect(accepted.isEmpty, "prefixes of \(file.count) bytes decoded: \(accepted.prefix(10))")
        }
    }

    @Test("random damage gives an error or an image, never a crash or a hang")
    func mutations() throws {
        var generator = SplitMix(seed: 0x5EED_0F_3A)
        var outcomes = (decoded: 0, refused: 0)
        for (file, rounds) in [(try Self.smallFile(), 450), (try Self.fingerFile(), 100)] {
            for _ in 0..<rounds {
                var damaged = file
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                if let image = try? WSQCodec.decode(damaged) {
                    #expect(image.pixels.count == image.width * image.height)
                    outcomes.decoded += 1
                } else {
                    outcomes.refused += 1
                }
            }
        }
        #expect(outcomes.refused > 0)
        print("WSQ mutations: \(outcomes.decoded) decoded, \(outcomes.refused) refused")
    }

    @Test("a header claiming a huge image is refused without decoding it")
    func hugeSize() throws {
        let file = try Self.smallFile()
        guard let frame = file.indices.dropLast().first(where: { file[$0] == 0xFF && file[$0 + 1] == 0xA2 }) else {
            Issue.record("no SOF marker in our own file")
            return
        }
        // SOF: marker, length, black, white, height, width.
        var huge = file
        huge.replaceSubrange((frame + 6)..<(frame + 10), with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: ImageError.invalidSize(width: 65535, height: 65535)) { try WSQCodec.decode(huge) }
        var large = file
        large.replaceSubrange((frame + 6)..<(frame + 10), with: [0x27, 0x10, 0x27, 0x10])
        #expect(throws: ImageError.self) { try WSQCodec.decode(large) }
        var empty = file
        empty.replaceSubrange((frame + 6)..<(frame + 10), with: [0, 0, 0, 80])
        #expect(throws: ImageError.invalidSize(width: 80, height: 0)) { try WSQCodec.decode(empty) }
        #expect(throws: ImageError.self) { try WSQCodec.info(huge) }
    }

    @Test("frames of one or a few pixels decode (a blank file relabelled), exercising the shortest transform steps")
    func tinyFrames() throws {
        let blank = try WSQCodec.encode(GrayImage(width: 40, height: 40, fill: 77))
        guard let frame = blank.indices.dropLast().first(where: { blank[$0] == 0xFF && blank[$0 + 1] == 0xA2 }) else {
            Issue.record("no SOF marker in our own file")
            return
        }
        for (width, height) in [(1, 1), (1, 7), (3, 2), (17, 1), (2, 33)] {
            var relabelled = blank
            relabelled.replaceSubrange((frame + 6)..<(frame + 10), with: [0, UInt8(height), 0, UInt8(width)])
            let image = try WSQCodec.decode(relabelled)
            #expect(image.width == width && image.height == height && image.pixels.allSatisfy { $0 == 77 }, "\(width)×\(height)")
        }
    }

    @Test("empty, foreign and garbage input is refused")
    func foreignInput() throws {
        #expect(throws: ImageError.unsupportedFormat("not WSQ (no SOI marker FFA0)")) { try WSQCodec.decode([]) }
        #expect(throws: ImageError.unsupportedFormat("not WSQ (no SOI marker FFA0)")) { try WSQCodec.decode([0xFF, 0xD8, 0xFF, 0xE0]) }
        #expect(throws: ImageError.self) { try WSQCodec.decode([0xFF, 0xA0]) }
        #expect(throws: ImageError.self) { try WSQCodec.decode([0xFF, 0xA0, 0xFF, 0xA1]) }
        #expect(!WSQCodec.isWSQ([0xFF, 0xD8]) && WSQCodec.isWSQ([0xFF, 0xA0, 0x00]))
        var generator = SplitMix(seed: 99)
        for length in [1, 2, 10, 100, 5000] {
            let garbage = [0xFF, 0xA0] + (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: ImageError.self) { try WSQCodec.decode(garbage) }
        }
    }

    @Test("structural damage is named")
    func namedErrors() throws {
        let file = try Self.smallFile()
        // An unknown marker where the first segment begins.
        var unknown = file
        unknown[3] = 0xB0
        #expect(throws: ImageError.malformed("WSQ has FFB0 at byte 2 where a marker belongs")) { try WSQCodec.decode(unknown) }
        // Cutting the EOI off leaves the last block without its closing marker.
        #expect(throws: ImageError.malformed("WSQ truncated inside a block (no marker after its data)")) {
            try WSQCodec.decode(Array(file.dropLast(2)))
        }
        // A comment claiming to run past the end of the file.
        var longComment = file
        longComment.replaceSubrange(4..<6, with: [0xFF, 0xF0])
        #expect(throws: ImageError.malformed("WSQ truncated inside the COM segment")) { try WSQCodec.decode(longComment) }
    }
}

extension WSQBadInputTests {
    /// The file's first DHT segment: where its first table's 16 code-length counts start.
    static func firstHuffmanCounts(_ file: [UInt8]) -> Int? {
        var index = 2
        while index + 4 <= file.count, file[index] == 0xFF {
            let length = Int(file[index + 2]) << 8 | Int(file[index + 3])
            if file[index + 1] == 0xA6 { return index + 5 }
            index += 2 + length
        }
        return nil
    }

    @Test("a Huffman table with more codes of one length than that length holds is refused, wherever the surplus is")
    func overfullHuffmanLengths() throws {
        let file = try Self.smallFile()
        let counts = try #require(Self.firstHuffmanCounts(file))
        let total = file[counts..<(counts + 16)].reduce(0) { $0 + Int($1) }
        // Every length from 1 to 10 (those with lookup slots) given one code more than it can hold, the counts of the
        // longest lengths lowered so the table still lists as many values as codes: found by a fuzzing campaign, the
        // codes past a length's room ran past the end of the decoder's lookup table (a crash, not an error).
        var tested = 0
        for length in 1...10 {
            var damaged = file
            // The codes a length has room for: two at length 1, then twice what the previous length left.
            var room = 2
            for earlier in 0..<(length - 1) { room = (room - Int(damaged[counts + earlier])) * 2 }
            guard room + 1 <= 255 else { continue }
            damaged[counts + length - 1] = UInt8(room + 1)
            // Keep the total: take the surplus from the longest lengths.
            var surplus = damaged[counts..<(counts + 16)].reduce(0) { $0 + Int($1) } - total
            var longest = 15
            while surplus > 0, longest >= length {
                let cut = min(surplus, Int(damaged[counts + longest]))
                damaged[counts + longest] -= UInt8(cut)
                surplus -= cut
                longest -= 1
            }
            guard surplus == 0 else { continue }
            tested += 1
            #expect(throws: ImageError.malformed("WSQ Huffman table has too many codes of length \(length)"),
                    "length \(length)") { try WSQCodec.decode(damaged) }
        }
        #expect(tested >= 3, "only \(tested) lengths could be overfilled in this file")
    }
}
