import BiocapCore
import BiocapRecords
import Foundation
import Testing

@Suite struct PacketTests {
    static func entry(for record: PacketRecord, position: BiometricPosition) -> CaptureEntry {
        CaptureEntry(
            recordID: record.id, modality: position.modality, position: position, quality: 70, belowThreshold: false,
            device: device, startedAt: RecordFixtures.manifestDate, capturedAt: RecordFixtures.manifestDate,
            recordFormat: record.format, recordSHA256: record.sha256Hex, recordSize: record.bytes.count)
    }

    static let device = DeviceDescriptor(
        id: "sim-finger-0", modality: .finger, vendor: "biocap", model: "simulated", driver: "simulated",
        simulated: true,
        capabilities: DeviceCapabilities(
            imageWidth: 300, imageHeight: 300, ppi: 500, framesPerSecond: 10, positions: [.finger(.rightIndex)]))

    static func packet() throws -> CapturePacket {
        let finger = PacketRecord(
            id: "r-finger", format: .isoFinger,
            bytes: try FingerImageRecord(image: RecordFixtures.smallImage(), position: .rightIndex, quality: 70).encode())
        let iris = PacketRecord(id: "r-iris", format: .isoIris, bytes: try RecordFixtures.mosip("Auth_Left_Iris.iso"))
        let face = PacketRecord(id: "r-face", format: .isoFace, bytes: try RecordFixtures.multiFaceRecord().encode())
        let manifest = PacketManifest(
            packetID: "0b7e0d6e-3f43-4c4e-9d1e-3b2a1c0d9e8f", enrolmentID: "enr-1", operatorID: "op-7", kitID: "kit-3",
            createdAt: RecordFixtures.manifestDate,
            captures: [
                entry(for: finger, position: .finger(.rightIndex)), entry(for: iris, position: .iris(.left)),
                entry(for: face, position: .face),
            ],
            exceptions: [])
        return CapturePacket(manifest: manifest, records: [finger, iris, face])
    }

    @Test func sha256MatchesKnownDigest() {
        let record = PacketRecord(id: "x", format: .isoFace, bytes: Array("abc".utf8))
        #expect(record.sha256Hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func validPacketValidates() throws {
        try Self.packet().validate()
    }

    @Test func tamperedRecordIsDetected() throws {
        var packet = try Self.packet()
        packet.records[0].bytes[200] ^= 0x01
        #expect(throws: RecordError.self) { try packet.validate() }

        var resized = try Self.packet()
        resized.records[1].bytes.append(0)
        #expect(throws: RecordError.self) { try resized.validate() }

        var wrongFormat = try Self.packet()
        wrongFormat.records[2].format = .isoIris
        #expect(throws: RecordError.self) { try wrongFormat.validate() }

        var extra = try Self.packet()
        extra.records.append(PacketRecord(id: "stray", format: .isoFace, bytes: extra.records[2].bytes))
        #expect(throws: RecordError.packetInvalid("record 'stray' is not named in the manifest")) {
            try extra.validate()
        }

        var missing = try Self.packet()
        missing.records.removeLast()
        #expect(throws: RecordError.self) { try missing.validate() }

        var unnamed = try Self.packet()
        unnamed.records[0].id = ""
        #expect(throws: RecordError.packetInvalid("a record has an empty id")) { try unnamed.validate() }

        // Digest and size updated to match, but the record itself is garbage.
        var garbage = try Self.packet()
        garbage.records[0].bytes = Array("FIR\0not a record".utf8)
        garbage.manifest.captures[0].recordSHA256 = garbage.records[0].sha256Hex
        garbage.manifest.captures[0].recordSize = garbage.records[0].bytes.count
        #expect(throws: RecordError.self) { try garbage.validate() }
        try garbage.validate(decodingRecords: false)
    }

    @Test func archiveRoundTrips() throws {
        let packet = try Self.packet()
        let archive = try PacketArchive.encode(packet)
        #expect(archive.starts(with: Array("BIOCAPPK".utf8)))
        let decoded = try PacketArchive.decode(archive)
        #expect(decoded == packet)
        #expect(try PacketArchive.encode(decoded) == archive, "encoding is deterministic")
        let json = String(decoding: try packet.manifest.jsonBytes(), as: UTF8.self)
        #expect(json.contains(#""createdAt":"2024-05-06T07:08:09Z""#))
    }

    @Test func archiveTruncationAndCorruptionThrow() throws {
        let archive = try PacketArchive.encode(Self.packet())
        // Every prefix up to the first record's bytes, then a spread of longer ones.
        let lengths = Array(0..<1500) + Array(stride(from: 1500, to: archive.count, by: 997))
        for length in lengths {
            #expect(throws: RecordError.self, "prefix \(length)") { try PacketArchive.decode(Array(archive.prefix(length))) }
        }
        var flipped = archive
        flipped[archive.count / 2] ^= 0x40
        #expect(throws: RecordError.packetInvalid("archive checksum does not match its contents")) {
            try PacketArchive.decode(flipped)
        }
        #expect(throws: RecordError.self) { try PacketArchive.decode(archive + [0]) }
        var badMagic = archive
        badMagic[0] = UInt8(ascii: "X")
        #expect(throws: RecordError.self) { try PacketArchive.decode(badMagic) }
    }

    @Test func archiveRefusesAnInvalidPacket() throws {
        var packet = try Self.packet()
        packet.manifest.captures[1].recordSHA256 = String(repeating: "0", count: 64)
        #expect(throws: RecordError.self) { try PacketArchive.encode(packet) }
    }
}
