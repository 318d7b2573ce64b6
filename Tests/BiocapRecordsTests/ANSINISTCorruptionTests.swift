import BiocapCore
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// Broken transactions: every one throws a `RecordError` naming the problem, none traps or hangs.
@Suite struct ANSINISTCorruptionTests {
    static func sampleBytes() throws -> [UInt8] {
        try PacketTransaction.encode(try SamplePackets.packet(id: "corrupt", createdAt: ANSINISTFixtures.createdAt))
    }

    static func decodeError(_ bytes: [UInt8]) -> RecordError? {
        do {
            _ = try NISTTransaction.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    /// A record written by hand (an independent writer: LEN computed by trying lengths), text fields only.
    static func rawRecord(_ type: Int, _ fields: [String]) -> [UInt8] {
        let body = fields.map { "\u{1D}" + $0 }.joined()
        for length in 1... {
            let text = "\(type).001:\(length)" + body + "\u{1C}"
            if text.utf8.count == length { return Array(text.utf8) }
            if length > 100_000 { break }
        }
        return []
    }

    /// Where each record starts, and where its text ends (at the `T.999:` tag's data, or the record's end).
    static func records(_ bytes: [UInt8]) -> [(start: Int, length: Int, lenDigits: Range<Int>, textEnd: Int)] {
        var result: [(Int, Int, Range<Int>, Int)] = []
        var offset = 0
        while offset < bytes.count {
            guard let colon = bytes[offset...].firstIndex(of: 0x3A), let gs = bytes[colon...].firstIndex(of: 0x1D),
                  let length = Int(String(decoding: bytes[(colon + 1)..<gs], as: UTF8.self)) else { break }
            let type = String(decoding: bytes[offset..<(bytes[offset...].firstIndex(of: 0x2E) ?? offset)], as: UTF8.self)
            let tag = Array("\u{1D}\(type).999:".utf8)
            var textEnd = offset + length
            if let found = Self.find(tag, in: bytes, from: offset, to: offset + length) { textEnd = found + tag.count }
            result.append((offset, length, (colon + 1)..<gs, textEnd))
            offset += length
        }
        return result
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        guard end - start >= needle.count else { return nil }
        for index in start...(end - needle.count) where bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
        return nil
    }

    @Test func everyPrefixThrows() throws {
        let bytes = try Self.sampleBytes()
        #expect(try NISTTransaction.decode(bytes).records.count == 7)
        let header = Self.records(bytes).prefix(2).reduce(0) { $0 + $1.length }
        var lengths = Array(0..<min(bytes.count, header + 600))
        lengths += Array(stride(from: header + 600, to: bytes.count, by: 53))
        for length in lengths {
            #expect(Self.decodeError(Array(bytes.prefix(length))) != nil, "prefix of \(length) of \(bytes.count) bytes was accepted")
        }
    }

    @Test func lyingLengthsThrow() throws {
        let bytes = try Self.sampleBytes()
        let records = Self.records(bytes)
        #expect(records.count == 7)
        for (index, record) in records.enumerated() {
            for delta in [-1000, -10, -2, -1, 1, 2, 10, 1000] {
                let lie = record.length + delta
                guard lie >= 0 else { continue }
                var lying = bytes
                lying.replaceSubrange(record.lenDigits, with: Array(String(lie).utf8))
                #expect(Self.decodeError(lying) != nil, "record \(index + 1) LEN \(record.length)→\(lie) was accepted")
            }
        }
        // A LEN beyond the file, one beyond any file, and one that would overflow: refused before anything is read.
        for huge in ["999999999999", "9999999999999", "18446744073709551616"] {
            var lying = bytes
            lying.replaceSubrange(records[0].lenDigits, with: Array(huge.utf8))
            let error = try #require(Self.decodeError(lying))
            #expect("\(error)".contains("LEN"), "\(error)")
        }
    }

    @Test func contentListMustMatchTheRecords() throws {
        let bytes = try Self.sampleBytes()
        let typeOne = Self.records(bytes)[0]
        let rest = Array(bytes[typeOne.length...])
        let fields = String(decoding: bytes[(typeOne.lenDigits.upperBound + 1)..<(typeOne.length - 1)], as: UTF8.self)
            .split(separator: "\u{1D}").map(String.init)
        let cnt = try #require(fields.first { $0.hasPrefix("1.003:") })
        func with(_ content: String) -> [UInt8] {
            Self.rawRecord(1, fields.map { $0.hasPrefix("1.003:") ? "1.003:" + content : $0 }) + rest
        }
        func content(_ count: String, _ pairs: [(Int, Int)]) -> String {
            (["1\u{1F}" + count] + pairs.map { "\($0.0)\u{1F}\($0.1)" }).joined(separator: "\u{1E}")
        }
        let pairs = [(2, 0), (10, 1), (14, 2), (14, 3), (17, 4), (17, 5)]
        #expect(cnt == "1.003:" + content("6", pairs))
        func replacing(_ index: Int, with pair: (Int, Int)) -> [(Int, Int)] {
            var changed = pairs
            changed[index] = pair
            return changed
        }
        #expect(Self.decodeError(with(String(cnt.dropFirst(6)))) == nil, "the hand-written Type-1 is itself valid")
        let lies = [
            content("5", Array(pairs.dropLast())),  // one record short
            content("7", pairs + [(17, 6)]),  // one too many
            content("6", Array(pairs.dropLast())),  // the count disagrees with the list
            content("6", replacing(2, with: (14, 9))),  // a wrong IDC
            content("6", replacing(1, with: (14, 1))),  // a wrong type
            content("6", replacing(1, with: (4, 1))),  // binary Type-4
            content("6", pairs).replacingOccurrences(of: "1\u{1F}6", with: "2\u{1F}6"),  // first category not 1
            content("6", pairs).replacingOccurrences(of: "10\u{1F}1", with: "10"),  // a pair without its IDC
        ]
        for lie in lies {
            let error = Self.decodeError(with(lie))
            #expect(error != nil, "CNT \(lie.debugDescription) was accepted")
        }
    }

    @Test func missingSeparatorsAndTrailingBytesThrow() throws {
        let bytes = try Self.sampleBytes()
        let records = Self.records(bytes)
        #expect(Self.decodeError(Array(bytes.dropLast())) != nil, "the last FS missing")
        var groupInstead = bytes
        groupInstead[records[0].length - 1] = 0x1D
        #expect(Self.decodeError(groupInstead) != nil, "Type-1 ended by GS")
        for trailer: [UInt8] in [[0x1C], [0x00], Array("2.001:".utf8)] {
            let error = try #require(Self.decodeError(bytes + trailer))
            #expect("\(error)".contains("after"), "\(error)")
        }
        // The Type-2 record's FS removed and its LEN shortened to match: the next record's tag is read as its text.
        let typeTwo = records[1]
        var merged = bytes
        merged.remove(at: typeTwo.start + typeTwo.length - 1)
        #expect(Self.decodeError(merged) != nil)
    }

    @Test func tagsMustNameTheirRecordAndBeWellFormed() throws {
        let header = try NISTTransactionInformation(
            typeOfTransaction: "BIO", date: try NISTDate(year: 2026, month: 1, day: 2), destinationAgency: "D",
            originatingAgency: "O", controlNumber: "T").record()
        let typeOne = try NISTTransaction(records: [header, NISTRecord(type: 2, fields: [NISTField(2, "0")])]).encode()
        let headerLength = Self.records(typeOne)[0].length
        let good = Self.rawRecord(2, ["2.002:0", "2.020:fine"])
        #expect(Self.decodeError(Array(typeOne.prefix(headerLength)) + good) == nil)
        let cases: [([String], String)] = [
            (["2.002:0", "2.20:x"], "T.nnn:"), (["2.002:0", "2.0200:x"], "T.nnn:"), (["2.002:0", "02.020:x"], "T.nnn:"),
            (["2.002:0", "2.020x"], "T.nnn:"), (["2.002:0", "10.020:x"], "another record type"),
            (["2.002:0", "2.020:a", "2.020:b"], "more than once"), (["2.020:x", "2.002:0"], "second field"),
            (["2.002:0", "2.020:a\u{7}b"], "control character"), (["2.002:0", "2.020:na\u{EF}ve"], "non-ASCII"),
            (["2.002:x"], "IDC"), (["2.002:0", "2.000:x"], "T.nnn:"),
        ]
        for (fields, expected) in cases {
            let error = try #require(Self.decodeError(Array(typeOne.prefix(headerLength)) + Self.rawRecord(2, fields)), "\(fields)")
            #expect("\(error)".contains(expected), "\(fields): \(error)")
        }
    }

    @Test func mandatoryFieldsAndValuesAreChecked() throws {
        let (packet, segments, _) = try ANSINISTFixtures.enrolment()
        let transaction = try PacketTransaction.build(packet, segments: segments)
        let cases: [(record: Int, field: Int, replacement: NISTField?, expected: String)] = [
            (0, 9, nil, "1.009"), (0, 4, NISTField(4, "B1O"), "1.004"), (0, 5, NISTField(5, "20240231"), "1.005"),
            (0, 11, NISTField(11, "19.7"), "1.011"), (0, 2, NISTField(2, "0600"), "1.002"),
            (3, 13, nil, "14.013"), (3, 6, NISTField(6, "1199"), "uncompressed"), (3, 11, NISTField(11, "WSQ"), "14.011"),
            (3, 21, NISTField(21, items: ["2", "10", "20", "5", "50"]), "14.021"), (3, 24, NISTField(24, items: ["7", "101", "0000", "1"]), "QVU"),
            (4, 999, nil, "describes an image"), (2, 999, NISTField(999, content: .binary([1, 2, 3])), "JPEGB"), (2, 13, nil, "SAP"),
            (2, 12, NISTField(12, "CMYK"), "10.012"), (6, 3, NISTField(3, "3"), "17.003"), (6, 12, NISTField(12, "24"), "uncompressed"),
            (5, 18, nil, "AMP"), (5, 6, NISTField(6, "300"), "describes an image"), (3, 12, nil, "14.012"),
        ]
        for test in cases {
            var broken = transaction
            broken.records[test.record].fields.removeAll { $0.number == test.field }
            if let replacement = test.replacement { broken.records[test.record].fields.append(replacement) }
            let bytes: [UInt8]
            do { bytes = try broken.encode() } catch {
                Issue.record("the writer refused \(test): \(error)")
                continue
            }
            let error = try #require(Self.decodeError(bytes), "\(test)")
            #expect("\(error)".contains(test.expected), "\(test.field) → \(error)")
        }
    }

    /// 600 seeded mutations of a real transaction, most in its text: each is refused with a `RecordError`, or read;
    /// what is read writes and reads back to the same records.
    @Test func randomMutationsNeverCrash() throws {
        let bytes = try Self.sampleBytes()
        let records = Self.records(bytes)
        var generator = SeededGenerator(seed: 0xA2_2011)
        var refused = 0, accepted = 0
        for round in 0..<600 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let record = records[Int.random(in: 0..<records.count, using: &generator)]
                let inText = Int.random(in: 0..<10, using: &generator) < 8
                let upper = inText ? record.textEnd : record.start + record.length
                let position = min(mutated.count - 1, Int.random(in: record.start..<upper, using: &generator))
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: mutated[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: mutated[position] = [0x1C, 0x1D, 0x1E, 0x1F, 0x3A, 0x2E][Int.random(in: 0..<6, using: &generator)]
                case 2: mutated[position] = UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &generator)
                case 3: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                default: mutated.remove(at: position)
                }
            }
            do {
                let read = try NISTTransaction.decode(mutated)
                accepted += 1
                let again = try NISTTransaction.decode(try read.encode())
                #expect(ANSINISTFixtures.sorted(again) == ANSINISTFixtures.sorted(read), "round \(round)")
            } catch {
                refused += 1
            }
        }
        #expect(refused + accepted == 600 && refused > 300, "refused \(refused), accepted \(accepted)")
    }
}
