import BiocapRecords
import Testing

/// Malformed input must always produce a `RecordError`, never a crash.
@Suite struct RecordCorruptionTests {
    /// Decodes with the decoder matching the record's magic and re-encodes the result.
    @discardableResult
    static func decodeAny(_ bytes: [UInt8]) throws(RecordError) -> [UInt8] {
        switch bytes.prefix(3) {
        case [0x46, 0x49, 0x52]: try FingerImageRecord.decode(bytes).encode()
        case [0x46, 0x41, 0x43]: try FaceImageRecord.decode(bytes).encode()
        default: try IrisImageRecord.decode(bytes).encode()
        }
    }

    static func smallRecords() throws -> [(String, [UInt8])] {
        [
            ("finger", try RecordFixtures.multiFingerRecord().encode()),
            ("face", try RecordFixtures.multiFaceRecord().encode()),
            ("iris", try RecordFixtures.multiIrisRecord().encode()),
        ]
    }

    @Test func everyPrefixThrows() throws {
        for (name, bytes) in try Self.smallRecords() {
            try Self.decodeAny(bytes)
            for length in 0..<bytes.count {
                #expect(throws: RecordError.self, "\(name) prefix \(length)") {
                    try Self.decodeAny(Array(bytes.prefix(length)))
                }
            }
        }
    }

    @Test func everyHeaderPrefixOfRealSamplesThrows() throws {
        for file in ["Left_Index.iso", "Face.iso", "Left_Iris.iso"] {
            let bytes = try RecordFixtures.mosip(file)
            for length in Array(0..<200) + [bytes.count - 1] {
                #expect(throws: RecordError.self, "\(file) prefix \(length)") {
                    try Self.decodeAny(Array(bytes.prefix(length)))
                }
            }
        }
    }

    @Test func lyingRecordLengthThrows() throws {
        for (name, bytes) in try Self.smallRecords() {
            for delta in [-1, 1, 1000, -Int(bytes.count)] {
                var lying = bytes
                let declared = UInt32(bytes.count + delta)
                lying[8...11] = [UInt8(declared >> 24), UInt8(declared >> 16 & 0xFF), UInt8(declared >> 8 & 0xFF),
                                 UInt8(declared & 0xFF)]
                #expect(throws: RecordError.lengthMismatch(
                    field: "\(name) record length", declared: bytes.count + delta, actual: bytes.count)) {
                    try Self.decodeAny(lying)
                }
            }
            // Extra bytes appended with a matching record length: representation lengths no longer add up.
            var padded = bytes + [0, 0, 0]
            let total = UInt32(padded.count)
            padded[8...11] = [UInt8(total >> 24), UInt8(total >> 16 & 0xFF), UInt8(total >> 8 & 0xFF), UInt8(total & 0xFF)]
            #expect(throws: RecordError.self, "\(name) padded") { try Self.decodeAny(padded) }
        }
    }

    @Test func lyingImageLengthThrows() throws {
        // The iris sample's image data length field sits right before the image, at offset 69.
        let iris = try RecordFixtures.mosip("Right_Iris.iso")
        let actual = iris.count - 73
        for declared in [actual - 1, actual + 1, 0, Int(UInt32.max)] {
            var lying = iris
            let value = UInt32(declared)
            lying[69...72] = [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            #expect(throws: RecordError.self, "iris image length \(declared)") { try IrisImageRecord.decode(lying) }
        }
        // Finger: image length at 0x41; shrinking it leaves bytes that are not valid extended data.
        let finger = try RecordFixtures.mosip("Left_Index.iso")
        for declared in [98_651, 98_649, 0x7FFF_FFFF] {
            var lying = finger
            let value = UInt32(declared)
            lying[0x41...0x44] = [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF),
                                  UInt8(value & 0xFF)]
            #expect(throws: RecordError.self, "finger image length \(declared)") { try FingerImageRecord.decode(lying) }
        }
        // Representation length larger than the record.
        var longRepresentation = iris
        longRepresentation[0x10...0x13] = [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(throws: RecordError.self) { try IrisImageRecord.decode(longRepresentation) }
    }

    @Test func wrongCodesThrow() throws {
        var finger = try RecordFixtures.mosip("Left_Index.iso")
        finger[0x2F] = 11  // plain right thumb: not a biocap FingerPosition
        #expect(throws: RecordError.invalidField(name: "finger position", value: "11")) {
            try FingerImageRecord.decode(finger)
        }
        var iris = try RecordFixtures.mosip("Left_Iris.iso")
        iris[0x2A] = 3
        #expect(throws: RecordError.invalidField(name: "eye label", value: "3")) { try IrisImageRecord.decode(iris) }
        var depth = try RecordFixtures.mosip("Left_Index.iso")
        depth[0x3A] = 0
        #expect(throws: RecordError.invalidField(name: "finger bit depth", value: "0")) {
            try FingerImageRecord.decode(depth)
        }
        var blob = try RecordFixtures.mosip("Face.iso")
        blob[0x49 + 4] = 0  // break the JP2 signature box
        #expect(throws: RecordError.self) { try FaceImageRecord.decode(blob) }
    }

    @Test func randomMutationsNeverCrash() throws {
        var generator = SeededGenerator(seed: 0x19794)
        var samples = try Self.smallRecords().map(\.1)
        // Real samples, mutated only in their headers so each decode stays cheap.
        samples += try ["Left_Index.iso", "Face.iso", "Auth_Left_Iris.iso"].map {
            Array(try RecordFixtures.mosip($0))
        }
        var failures = 0
        var successes = 0
        for round in 0..<3000 {
            let original = samples[round % samples.count]
            var mutated = original
            let span = original.count > 1000 ? 120 : original.count
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<span, using: &generator)
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
                let reencoded = try Self.decodeAny(mutated)
                // Whatever the decoder accepts, it must describe completely: encoding gives the same bytes back.
                #expect(reencoded == mutated, "round \(round) re-encodes differently")
                successes += 1
            } catch {
                failures += 1
            }
        }
        print("random mutations: \(failures) rejected, \(successes) still decodable")
        #expect(failures + successes == 3000)
        #expect(failures > 1000, "most mutations must be caught")
    }
}
