import BiocapCore
import BiocapImaging
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// ISO/IEC 19794-7:2007 signature records: the exact bytes, round trips of real signatures, refusals.
@Suite struct SignatureRecordTests {
    /// A 1000 × 500 count pad at 10 counts/mm with 1024 pressure levels, sampling at 200 Hz.
    static let smallPad = PadGeometry(width: 1000, height: 500, xCountsPerMillimetre: 10, yCountsPerMillimetre: 10,
                                      pressureMaximum: 1023, samplesPerSecond: 200)

    /// Three samples: hovering, then two touching with rising pressure.
    static let threeSamples = SignatureTrace(geometry: smallPad, samples: [
        PenPoint(x: 100, y: 50, pressure: 0, tip: false, time: .zero),
        PenPoint(x: 110, y: 55, pressure: 512, tip: true, time: .milliseconds(5)),
        PenPoint(x: 125, y: 53, pressure: 1023, tip: true, time: .milliseconds(10)),
    ])

    @Test func threeSampleRecordIsByteExact() throws {
        let record = SignatureRecord(trace: Self.threeSamples, capturedAt: RecordFixtures.captureDate, quality: 80)
        let expected: [UInt8] = [
            0x53, 0x44, 0x49, 0x00,  // format identifier "SDI\0"
            0x20, 0x31, 0x30, 0x00,  // version " 10\0": the 2007 edition
            0xC1, 0x60,  // channel inclusion: X (bit 15), Y (14), T (8), F (6), S (5)
            // X: preamble scaling+min+max; scaling 10 000 units/m = 2^13 × (1 + 452/2048): exponent field 29, fraction 452
            0xE0, 0xE9, 0xC4, 0x80, 0x64, 0x80, 0x7D,  // min 100, max 125 (signed: + 32768)
            0xE0, 0xE9, 0xC4, 0x80, 0x32, 0x80, 0x37,  // Y: same scaling, min 50, max 55
            0x80, 0xCF, 0xA0,  // T: scaling 1000 units/s = 2^9 × (1 + 1952/2048): exponent field 25, fraction 1952
            0x60, 0x00, 0x00, 0x03, 0xFF,  // F: min 0, max 1023 (no scaling: the pad's own pressure levels)
            0x00,  // S: nothing described
            0x00,  // reserved
            0x80,  // body bit map: extended data follows
            0x00, 0x00, 0x03,  // number of samples
            // X      Y           T           F           S
            0x80, 0x64, 0x80, 0x32, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x80, 0x6E, 0x80, 0x37, 0x00, 0x05, 0x02, 0x00, 0x01,
            0x80, 0x7D, 0x80, 0x35, 0x00, 0x0A, 0x03, 0xFF, 0x01,
            0x00, 0x3B,  // extended data length 59: biocap's block
            0x42, 0x43, 0x41, 0x50, 0x01,  // "BCAP", block version 1
            0x07, 0xE8, 0x05, 0x06, 0x07, 0x08, 0x09, 0x00, 0x7B,  // 2024-05-06 07:08:09.123 UTC
            0x01, 0x50, 0x00, 0x00, 0xB1, 0x0C,  // one quality block: 80, vendor 0, algorithm 0xB10C
            0x00, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x01, 0xF4,  // pad 1000 × 500 counts
            0x40, 0x24, 0, 0, 0, 0, 0, 0, 0x40, 0x24, 0, 0, 0, 0, 0, 0,  // 10.0 counts/mm along x and y
            0x00, 0x00, 0x03, 0xFF,  // pressure maximum 1023
            0x40, 0x69, 0, 0, 0, 0, 0, 0,  // 200.0 samples/s
            0x00,  // flags: no tilt, no signing box
            0x00, 0x01,  // coordinate divisor 1
        ]
        #expect(try record.encode() == expected)
        let decoded = try SignatureRecord.decode(expected)
        #expect(decoded == record)
        #expect(decoded.edition == .iso2007)
        #expect(try decoded.trace() == Self.threeSamples)
        #expect(abs(try #require(decoded.capturedAt).timeIntervalSince(RecordFixtures.captureDate)) < 0.0005)
        #expect(decoded.qualityScore == 80)
        #expect(decoded.description(of: .x)?.scaling?.value == 10_000)
    }

    @Test func roundTripWithTiltAndSigningBox() throws {
        var geometry = Self.smallPad
        geometry.tilt = true
        geometry.signingBox = PadBox(x: 20, y: 30, width: 900, height: 400)
        let samples = (0..<50).map { index in
            PenPoint(x: 100 + index * 7, y: 300 - index * 3, pressure: index * 20, tip: index % 10 != 0,
                     tiltX: Double(index) - 25.5, tiltY: 40.25, time: .milliseconds(index * 5))
        }
        let trace = SignatureTrace(geometry: geometry, samples: samples)
        let record = SignatureRecord(trace: trace, capturedAt: RecordFixtures.captureDate, quality: nil)
        #expect(record.channels.map(\.channel) == [.x, .y, .time, .force, .tipSwitch, .tiltX, .tiltY])
        let bytes = try record.encode()
        let decoded = try SignatureRecord.decode(bytes)
        #expect(decoded == record)
        #expect(try decoded.trace() == trace)
        #expect(decoded.qualityScore == nil)
        #expect(try decoded.encode() == bytes)
    }

    @Test(arguments: SVC2004.files)
    func realSignaturesRoundTrip(file: String) throws {
        let trace = try SVC2004.trace(file)
        let record = SignatureRecord(trace: trace, capturedAt: RecordFixtures.captureDate, quality: 61)
        let bytes = try record.encode()
        let hasPressure = trace.geometry.pressureMaximum > 0
        // Header 10; descriptions X 5 + Y 5 (min and max: no scaling, SVC2004 gives no resolution) + T 3 (+ F 5) + S 1;
        // reserved and bit map 2, count 3; samples; extended data 2 + 59.
        let sampleSize = hasPressure ? 9 : 7
        #expect(bytes.count == 10 + 14 + (hasPressure ? 5 : 0) + 5 + trace.samples.count * sampleSize + 2 + 59)
        #expect(record.description(of: .x)?.scaling == nil)
        let decoded = try SignatureRecord.decode(bytes)
        #expect(decoded == record)
        #expect(try decoded.trace() == trace, "\(file)")
        #expect(decoded.values(of: .tipSwitch)?.filter { $0 == 1 }.count == trace.samples.filter(\.tip).count)
    }

    @Test func highResolutionPadIsStoredWithADivisor() throws {
        // 200 counts/mm = 200 000 units/m: more than a 2007 scaling value holds (65 520), so X/Y are divided by 4.
        let geometry = PadGeometry(width: 60000, height: 40000, xCountsPerMillimetre: 200, yCountsPerMillimetre: 200,
                                   pressureMaximum: 8191, samplesPerSecond: 200)
        let trace = SignatureTrace(geometry: geometry, samples: [
            PenPoint(x: 59999, y: 39999, pressure: 8191, tip: true, time: .zero),
            PenPoint(x: 4, y: 8, pressure: 1, tip: true, time: .milliseconds(5)),
        ])
        let record = SignatureRecord(trace: trace, capturedAt: RecordFixtures.captureDate, quality: 50)
        let decoded = try SignatureRecord.decode(try record.encode())
        #expect(decoded.captureInfo?.coordinateDivisor == 4)
        #expect(decoded.values(of: .x) == [15000, 1])
        #expect(decoded.description(of: .x)?.scaling?.value == 50_000)
        let back = try decoded.trace()
        #expect(back.geometry.xCountsPerMillimetre == 50)
        #expect(back.geometry.width == 15000)
    }

    @Test func theSecondEditionIsRefusedClearly() throws {
        var bytes = try SignatureRecord(trace: Self.threeSamples, capturedAt: RecordFixtures.captureDate, quality: 1).encode()
        bytes.replaceSubrange(4..<8, with: Array("020\0".utf8))
        let error = try #require(throws: RecordError.self) { try SignatureRecord.decode(bytes) }
        guard case .unsupported(let what) = error else { Issue.record("\(error)"); return }
        #expect(what.contains("2014"))
        #expect(SignatureRecordEdition(version: Array("020\0".utf8)) == .iso2014)
    }

    @Test func badInputIsNamed() throws {
        let good = try SignatureRecord(trace: Self.threeSamples, capturedAt: RecordFixtures.captureDate, quality: 1).encode()
        func mutated(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = good
            change(&bytes)
            return bytes
        }
        #expect(throws: RecordError.badMagic(expected: Array("SDI\0".utf8), found: Array("FIR\0".utf8))) {
            try SignatureRecord.decode(mutated { $0.replaceSubrange(0..<4, with: Array("FIR\0".utf8)) })
        }
        #expect(throws: RecordError.badVersion(expected: Array(" 10\0".utf8), found: Array("010\0".utf8))) {
            try SignatureRecord.decode(mutated { $0[4] = 0x30 })
        }
        // Without Y (bit 14), the mandatory pair is incomplete.
        #expect(throws: RecordError.self) { try SignatureRecord.decode(mutated { $0[8] = 0x81 }) }
        // X's preamble with the is-constant flag.
        let constant = try #require(throws: RecordError.self) { try SignatureRecord.decode(mutated { $0[10] = 0xE4 }) }
        #expect({ if case .unsupported = constant { true } else { false } }())
        // Reserved preamble bit, reserved header byte, unknown body bit map.
        #expect(throws: RecordError.self) { try SignatureRecord.decode(mutated { $0[10] = 0xE1 }) }
        #expect(throws: RecordError.invalidField(name: "reserved header byte", value: "1")) {
            try SignatureRecord.decode(mutated { $0[33] = 1 })
        }
        #expect(throws: RecordError.invalidField(name: "body bit map", value: "1")) {
            try SignatureRecord.decode(mutated { $0[34] = 1 })
        }
        // One byte too many, and a sample count larger than the data.
        #expect(throws: RecordError.self) { try SignatureRecord.decode(good + [0]) }
        #expect(throws: RecordError.lengthMismatch(field: "259 samples of 9 bytes", declared: 2331, actual: good.count - 38)) {
            try SignatureRecord.decode(mutated { $0[36] = 1 })
        }
    }

    @Test func valuesThatDoNotFitAreOutOfRange() throws {
        var far = Self.threeSamples
        far.samples[1].x = 40000
        #expect(throws: RecordError.valueOutOfRange(field: "X channel maximum", value: 40000, allowed: -32768...32767)) {
            try SignatureRecord(trace: far, capturedAt: RecordFixtures.captureDate, quality: 1).encode()
        }
        var long = Self.threeSamples
        long.samples[2].time = .seconds(70)
        #expect(throws: RecordError.valueOutOfRange(field: "T of sample 2", value: 70000, allowed: 0...65535)) {
            try SignatureRecord(trace: long, capturedAt: RecordFixtures.captureDate, quality: 1).encode()
        }
        let missingY = SignatureRecord(channels: [SignatureChannelDescription(channel: .x)], samples: [[1]])
        #expect(throws: RecordError.self) { try missingY.encode() }
        let short = SignatureRecord(channels: [.init(channel: .x), .init(channel: .y)], samples: [[1]])
        #expect(throws: RecordError.invalidField(name: "sample 0", value: "1 values for 2 channels")) { try short.encode() }
    }

    @Test func scalingValuesFollowTheTwoByteLayout() {
        #expect(SignatureScalingValue(nearest: 1)?.rawValue == 0x8000)  // exponent 0 → field 16, fraction 0
        #expect(SignatureScalingValue(nearest: 1000)?.rawValue == 0xCFA0)
        #expect(SignatureScalingValue(rawValue: 0x0000).value == pow(2, -16))
        #expect(SignatureScalingValue(rawValue: 0xFFFF).value == 65520)
        #expect(SignatureScalingValue(nearest: 70000) == nil)
        #expect(SignatureScalingValue(nearest: 0) == nil)
        #expect(SignatureScalingValue(nearest: .nan) == nil)
        for value in [0.001, 0.5, 3.3, 39.37, 1000, 12345.6, 65000] {
            guard let stored = SignatureScalingValue(nearest: value) else {
                Issue.record("\(value) is representable")
                continue
            }
            #expect(abs(stored.value / value - 1) < 1.0 / 4096, "\(value)")
        }
    }

    @Test func packetRecordsOfBothFormatsValidate() throws {
        let trace = try SVC2004.trace("Task2_U2S1.TXT")
        let iso = try SignatureRecord(trace: trace, capturedAt: RecordFixtures.captureDate, quality: 90).encode()
        try PacketRecord(id: "signature", format: .isoSignature, bytes: iso).validateContents()
        let png = try SignatureRenderer().render(trace).png()
        try PacketRecord(id: "signature-image", format: .png, bytes: png).validateContents()
        var broken = png
        broken[broken.count - 20] ^= 0xFF  // inside the IDAT data: its CRC no longer matches
        #expect(throws: RecordError.self) { try PacketRecord(id: "signature-image", format: .png, bytes: broken).validateContents() }
        #expect(throws: RecordError.self) { try PacketRecord(id: "signature", format: .isoSignature, bytes: png).validateContents() }
        #expect(RecordFormat(rawValue: "iso-19794-7-2007") == .isoSignature && RecordFormat(rawValue: "png") == .png)
    }
}
