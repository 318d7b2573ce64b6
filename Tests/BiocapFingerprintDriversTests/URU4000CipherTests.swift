import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import Testing

/// The seed generator, the descrambler, the frame header and the challenge response on vectors taken
/// from recordings of real devices.
@Suite("U.are.U 4000 family: seeds, descrambler, frames, challenge")
struct URU4000CipherTests {
    static let recordedSeed: UInt32 = 0x51ea_2124
    static let recordedKeyAnswer: UInt32 = 0x05ae_28f2

    @Test("GLib's GRand seeded 0xFACADE gives the seed the recording wrote to register 0x33")
    func glibSequence() throws {
        var random = GLibRandom(seed: 0xFACADE)
        #expect(random.next(in: 0 ..< 0x7fff_ffff) == Int32(bitPattern: Self.recordedSeed))
        var sequence = URU4000SeedSource.libfprintEmulation.makeSequence()
        #expect(sequence.next() == Self.recordedSeed)
        // The recorded 0x33 write: key number 0, then the seed little-endian.
        let events = try URU4000Recording.events()
        let write = try #require(URU4000Recording.registerAccess(URU4000WireFormat.Register.scrambleDataIndex,
                                                                 writing: [0x00, 0x24, 0x21, 0xea, 0x51], in: events))
        #expect(events[write].data == [0x00] + [0x24, 0x21, 0xea, 0x51])
    }

    @Test("MT19937 reference output (seed 5489, the 10000th value is 4123659995)")
    func mersenneTwisterReference() {
        var random = GLibRandom(seed: 5489)
        var value: UInt32 = 0
        for _ in 0..<10_000 { value = random.next() }
        #expect(value == 4_123_659_995)
    }

    @Test("system seeds stay in libfprint's range and differ")
    func systemSeeds() {
        var sequence = URU4000SeedSource.systemRandom.makeSequence()
        let seeds = (0..<64).map { _ in sequence.next() }
        #expect(seeds.allSatisfy { $0 < 0x7fff_ffff })
        #expect(Set(seeds).count > 60)
    }

    @Test("the LFSR step feeds the parity of the tapped bits in at bit 31")
    func lfsrStep() {
        #expect(URU4000Descrambler.step(0) == 0)
        #expect(URU4000Descrambler.step(1) == 0x8000_0000, "bit 0 is a tap")
        #expect(URU4000Descrambler.step(2) == 1, "bit 1 is not")
        #expect(URU4000Descrambler.step(0x9248_144d) == 0x8000_0000 | 0x9248_144d >> 1, "eleven taps: odd parity")
        #expect(URU4000Descrambler.keystreamByte(0xffff_ffff) == 0xff)
        #expect(URU4000Descrambler.keystreamByte(1 << 4 | 1 << 29) == 0x81)
        #expect(URU4000Descrambler.skip(3, key: 0x1234_5678) == URU4000Descrambler.step(URU4000Descrambler.step(URU4000Descrambler.step(0x1234_5678))))
    }

    @Test("the recorded key descrambles the first block into capture.pgm's last lines")
    func descramblesTheRecordedFirstBlock() throws {
        let events = try URU4000Recording.events()
        var frame = try URU4000ImageFrame(transfer: try #require(URU4000Recording.imageTransfer(in: events)))
        #expect(frame.blocks.prefix(4) == [
            .init(flags: .encrypted, lines: 72), .init(flags: [], lines: 1),
            .init(flags: .encrypted, lines: 49), .init(flags: .notPresent, lines: 1),
        ])
        let key = Self.recordedKeyAnswer ^ Self.recordedSeed
        let firstBlock = 0 ..< 72 * URU4000ImageFrame.width
        URU4000Descrambler.descramble(&frame.lines, firstBlock, key: key)
        // The image is turned by 180° and inverted: line 0 of the frame is the last line of capture.pgm, reversed.
        let expected = try URU4000Recording.expectedImage().pixels
        let lastLine = Array(expected.suffix(URU4000ImageFrame.width).reversed().map { 255 - $0 })
        #expect(Array(frame.lines.prefix(URU4000ImageFrame.width)) == lastLine)
        #expect(frame.lines[firstBlock.upperBound - 1] == 0, "the last byte of a block is always 0")
        // A wrong key gives noise.
        var wrong = try URU4000ImageFrame(transfer: try #require(URU4000Recording.imageTransfer(in: events)))
        URU4000Descrambler.descramble(&wrong.lines, firstBlock, key: key ^ 1)
        #expect(Array(wrong.lines.prefix(URU4000ImageFrame.width)) != lastLine)
    }

    @Test("the recorded frame looks encrypted; its descrambled lines do not")
    func encryptionCheck() throws {
        let events = try URU4000Recording.events()
        let frame = try URU4000ImageFrame(transfer: try #require(URU4000Recording.imageTransfer(in: events)))
        #expect(frame.firstLinesVariance >= URU4000ImageFrame.encryptionThreshold)
        var decoder = URU4000ImageDecoder(frame: frame)
        _ = try decoder.decrypt(key: Self.recordedKeyAnswer ^ Self.recordedSeed)
        #expect(decoder.frame.firstLinesVariance < URU4000ImageFrame.encryptionThreshold)
    }

    @Test("a key change asks for the next key number; on lines already plain it ends descrambling, as libfprint does")
    func keyChange() throws {
        let events = try URU4000Recording.events()
        var bytes = try #require(URU4000Recording.imageTransfer(in: events))
        // Block 2 (after 73 lines) asks for a new key.
        bytes[16 + 2 * 2] |= 0x80
        var decoder = URU4000ImageDecoder(frame: try URU4000ImageFrame(transfer: bytes))
        #expect(decoder.start() == .needsKey(keyNumber: 0))
        // libfprint re-runs its encryption check at the key change: the first lines are plain by now.
        #expect(try decoder.decrypt(key: Self.recordedKeyAnswer ^ Self.recordedSeed) == .finished)
        #expect(decoder.frame.keyNumber == 1)
        #expect(!decoder.frame.blocks[2].flags.contains(.changeKey))

        // A key change before any line is descrambled asks for key number 1.
        var early = try #require(URU4000Recording.imageTransfer(in: events))
        early[16] |= 0x80
        var second = URU4000ImageDecoder(frame: try URU4000ImageFrame(transfer: early))
        #expect(try second.decrypt(key: 0) == .needsKey(keyNumber: 1))
    }

    @Test("frames whose header and length disagree are refused with a clear error")
    func badFrames() throws {
        let events = try URU4000Recording.events()
        let recorded = try #require(URU4000Recording.imageTransfer(in: events))
        var tooManyLines = recorded
        tooManyLines[4] = 0x22  // 290 lines
        #expect(throws: FingerprintDriverError.protocolViolation("image frame does not decode: header announces 290 lines, at most 289 fit")) {
            try URU4000ImageFrame(transfer: tooManyLines)
        }
        #expect(throws: FingerprintDriverError.self) { try URU4000ImageFrame(transfer: Array(recorded.prefix(63))) }
        let tooLong = recorded + [UInt8](repeating: 0, count: URU4000ImageFrame.transferLength + 1 - recorded.count)
        #expect(throws: FingerprintDriverError.self) { try URU4000ImageFrame(transfer: tooLong) }
        var tooShort = recorded
        tooShort.removeLast()
        #expect(throws: FingerprintDriverError.protocolViolation("image frame does not decode: truncated, 111039 of the 111040 bytes its 289 lines need")) {
            try URU4000ImageFrame(transfer: tooShort)
        }
        // Blocks describing more than 290 lines cannot be laid out.
        var overlong = recorded
        overlong[16 + 2 * 7 + 1] = 200  // block 7 starts at line 174: 174 + 200 > 290
        let decoder = URU4000ImageDecoder(frame: try URU4000ImageFrame(transfer: overlong))
        #expect(throws: FingerprintDriverError.self) { try decoder.image(rotated: true) }
    }

    /// From libfprint's Microsoft Fingerprint Reader v2 session (045e:00ca, tests/uru4000-msv2 upstream):
    /// the challenge read from register 0x2010 and the answer written to 0x2000.
    @Test("the challenge response is AES-128 under the driver key (vector from a Microsoft v2 recording)")
    func challengeResponse() throws {
        let challenge: [UInt8] = [0x4d, 0xae, 0x5a, 0x0b, 0x12, 0x47, 0xa8, 0x6c, 0x9f, 0xbf, 0x29, 0xfd, 0xcc, 0x17, 0x8a, 0x74]
        let response: [UInt8] = [0x32, 0x93, 0x51, 0x37, 0x1e, 0x4a, 0xdf, 0xb1, 0xf3, 0x5f, 0x09, 0xf3, 0x29, 0xc6, 0xab, 0x46]
        #expect(try URU4000Challenge.response(to: challenge) == response)
        #expect(throws: FingerprintDriverError.self) { try URU4000Challenge.response(to: Array(challenge.prefix(15))) }
    }
}
