import BiocapCore
import BiocapRecords
import BiocapTestSupport
import Testing

/// Malformed signature records always produce a `RecordError`, never a crash; whatever decodes re-encodes to the
/// same bytes.
@Suite struct SignatureRecordCorruptionTests {
    static func records() throws -> [[UInt8]] {
        var records = [try SignatureRecord(trace: SignatureRecordTests.threeSamples, capturedAt: RecordFixtures.captureDate,
                                           quality: 70).encode()]
        records.append(try SignatureRecord(trace: try SVC2004.trace("Task2_U1S1.TXT"), capturedAt: RecordFixtures.captureDate,
                                           quality: nil).encode())
        // A foreign-looking record: every channel, every description field, opaque extended data.
        let channels = SignatureChannel.allCases.map { channel in
            SignatureChannelDescription(channel: channel, scaling: SignatureScalingValue(rawValue: 0x8000), minimum: 0,
                                        maximum: 200, mean: 100, standardDeviation: 5, linearComponentRemoved: channel == .z)
        }
        let samples = (0..<4).map { index in SignatureChannel.allCases.map { $0 == .tipSwitch ? index % 2 : index * 50 } }
        records.append(try SignatureRecord(channels: channels, samples: samples, extendedData: [1, 2, 3]).encode())
        return records
    }

    @Test func everyTruncationThrows() throws {
        for bytes in try Self.records() {
            _ = try SignatureRecord.decode(bytes)
            for length in 0..<bytes.count {
                #expect(throws: RecordError.self, "prefix \(length) of \(bytes.count)") {
                    try SignatureRecord.decode(Array(bytes.prefix(length)))
                }
            }
        }
    }

    @Test func randomMutationsNeverCrash() throws {
        var generator = SeededGenerator(seed: 0x1979_4007)
        let originals = try Self.records()
        var failures = 0, successes = 0
        for round in 0..<5000 {
            var mutated = originals[round % originals.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: mutated[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: mutated[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                default: mutated[index] = [0x00, 0xFF, 0x7F, 0x80][Int.random(in: 0..<4, using: &generator)]
                }
            }
            if Int.random(in: 0..<10, using: &generator) == 0 {
                mutated.removeLast(Int.random(in: 0...min(8, mutated.count), using: &generator))
            }
            do {
                let record = try SignatureRecord.decode(mutated)
                #expect(try record.encode() == mutated, "round \(round) re-encodes differently")
                _ = try? record.trace()
                successes += 1
            } catch {
                failures += 1
            }
        }
        print("signature mutations: \(failures) rejected, \(successes) still decodable")
        #expect(failures > 1000, "most mutations must be caught")
        #expect(successes > 100, "sample values are free, so many mutations stay valid")
    }

    @Test func randomBytesAfterAValidHeaderThrowOrDecode() throws {
        var generator = SeededGenerator(seed: 7)
        let prefix = Array("SDI\0 10\0".utf8)
        for _ in 0..<3000 {
            let body = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let bytes = prefix + body
            if let record = try? SignatureRecord.decode(bytes) {
                #expect(try record.encode() == bytes)
            }
        }
        for _ in 0..<1000 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: RecordError.self) { try SignatureRecord.decode(bytes) }
        }
    }
}
