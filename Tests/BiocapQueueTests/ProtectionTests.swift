import BiocapProtection
import BiocapRecords
import BiocapTestSupport
import Crypto
import Foundation
import GRDB
import Testing

@testable import BiocapQueue

/// Encryption at rest, signatures and the chain, crypto-erase and the key check, on real queue files.
@Suite("Protection at rest")
struct ProtectionTests {
    /// Byte patterns that must never appear in the queue's files: record magics, image headers, personal fields.
    /// Each is long enough (or checked further) that random ciphertext does not produce it by chance: a bare
    /// 3-byte pattern turns up in a megabyte of ciphertext about one time in ten.
    static func plaintextFound(in directory: URL, packets: [CapturePacket]) throws -> [String] {
        // Whole record heads (format identifier, version, length …), not the 4-byte identifiers alone: megabytes of
        // ciphertext hold a given 4 bytes by chance (about 1 in 120 files of this size per identifier; `FAC\0` and
        // `IIR\0` turned up that way inside sealed records).
        var needles: [(String, Data)] = [("JFIF", Data("JFIF\0".utf8)), ("Exif", Data("Exif\0".utf8)),
                                         ("JPEG 2000", Data([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]))]
        for packet in packets {
            for record in packet.records where record.bytes.count >= 16 {
                needles.append(("the head of a \(record.format.rawValue) record", Data(record.bytes.prefix(16))))
            }
        }
        // The operator id is not scanned for: the audit log names the officer in the clear, for accountability.
        for packet in packets { needles.append(("enrolment id \(packet.manifest.enrolmentID)", Data(packet.manifest.enrolmentID.utf8))) }
        var found: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix("queue.sqlite") {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            for (name, needle) in needles where ByteSearch.contains(needle, in: bytes) { found.append("\(name) in \(file)") }
            if containsPGMHeader(bytes) { found.append("PGM header in \(file)") }
        }
        return found
    }

    /// "P5", white space, width, white space, height, white space, maxval: a whole binary PGM header.
    static func containsPGMHeader(_ bytes: Data) -> Bool {
        let magic = Data("P5".utf8)
        var start = 0
        while let offset = ByteSearch.firstOffset(of: magic, in: bytes, from: start) {
            start = offset + magic.count
            let from = bytes.startIndex + start
            let tail = bytes[from..<min(bytes.endIndex, from + 24)]
            let text = String(decoding: tail, as: UTF8.self)
            if text.range(of: #"^\s+\d+\s+\d+\s+\d+\s"#, options: .regularExpression) != nil { return true }
        }
        return false
    }

    @Test func noRecordImageOrPersonalBytesAreInTheDatabaseOrItsLog() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packets = try (0..<3).map { _ in try QueueFixtures.packet() }
        for packet in packets { try await queue.enqueue(packet) }
        // The fixtures really hold those bytes: the scan would see them in the clear.
        #expect(packets[0].records.contains { $0.bytes.starts(with: Array("FIR\0".utf8)) })
        #expect(Self.containsPGMHeader(Data("xxP5\n640 480\n255\n".utf8)) && !Self.containsPGMHeader(Data("P5\nzz".utf8)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).contains("queue.sqlite-wal"))
        let whileOpen = try Self.plaintextFound(in: directory, packets: packets)
        #expect(whileOpen.isEmpty, "\(whileOpen)")
        for packet in packets { #expect(QueueFixtures.unchained(try await queue.packet(id: packet.manifest.packetID)) == packet) }
        try queue.close()
        #expect(try Self.plaintextFound(in: directory, packets: packets).isEmpty)
    }

    @Test func manifestsAreSignedOverTheirBytesAndChained() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let packets = try (0..<4).map { _ in try QueueFixtures.packet() }
        var links: [ManifestChain.Link] = []
        for packet in packets {
            try await queue.enqueue(packet)
            let signed = try await queue.signedManifest(id: packet.manifest.packetID)
            #expect(queue.keys.signing.publicKey.isValidSignature(signed.signature, for: signed.manifest))
            let manifest = try JSONDecoder().decode(PacketManifest.self, from: signed.manifest)
            links.append(.init(packetID: manifest.packetID, manifestSHA256: SHA256.hash(data: signed.manifest).map { String(format: "%02x", $0) }.joined(),
                               previousManifestSHA256: manifest.previousManifestSHA256))
        }
        #expect(links[0].previousManifestSHA256 == nil)
        #expect(ManifestChain.breaks(in: links).isEmpty)
        let gap = ManifestChain.breaks(in: [links[0], links[1], links[3]])
        #expect(gap.count == 1 && gap[0].contains(packets[3].manifest.packetID), "\(gap)")
    }

    @Test func aQueueWrittenUnderOtherKeysIsRefusedAndLeftAlone() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        do {
            let queue = try EnrolmentQueue(path: path)
            try await queue.enqueue(try QueueFixtures.packet())
            try queue.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let stranger = KitKeys.generate()
        do {
            _ = try EnrolmentQueue(path: path, keys: stranger)
            Issue.record("a queue opened under another kit's keys")
        } catch {
            guard case .kitKeyMismatch(let reported, _, let found) = error else { throw error }
            #expect(reported == path && found == stranger.signingFingerprint)
            #expect(error.code == "kit-key-mismatch")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the refused queue was changed")
    }

    @Test func aFlippedByteSpoilsOnlyItsPacket() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try EnrolmentQueue(path: QueueFixtures.databasePath(in: directory))
        let damaged = try QueueFixtures.packet(), sound = try QueueFixtures.packet()
        try await queue.enqueue(damaged)
        try await queue.enqueue(sound)
        try queue.executeRawSQL("""
            UPDATE records SET bytes = CAST(substr(bytes, 1, 99) || x'5A' || substr(bytes, 101) AS BLOB)
            WHERE packet_id = '\(damaged.manifest.packetID)' AND ordinal = 2
            """)
        do {
            _ = try await queue.packet(id: damaged.manifest.packetID)
            Issue.record("a damaged record was served")
        } catch {
            guard case .corrupt(let id, let reason) = error else { throw error }
            #expect(id == damaged.manifest.packetID && reason.contains(damaged.records[2].id), "\(reason)")
        }
        #expect(QueueFixtures.unchained(try await queue.packet(id: sound.manifest.packetID)) == sound)
        let leases = try await queue.lease(max: 5, for: .seconds(60))
        #expect(Set(leases.map(\.packetID)) == [damaged.manifest.packetID, sound.manifest.packetID])
        let soundLease = try #require(leases.first { $0.packetID == sound.manifest.packetID })
        try await queue.ack(packetID: soundLease.packetID, leaseToken: soundLease.token)
        #expect(try await queue.info(id: sound.manifest.packetID).erased == true)
    }

    @Test func aQueueFromBeforeSealingIsSealedWhenOpened() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let packets = try (0..<3).map { index in try QueueFixtures.packet(createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(index))) }
        try Self.writePlainQueue(path: path, packets: packets)
        #expect(!(try Self.plaintextFound(in: directory, packets: packets)).isEmpty, "the old file holds plain records")

        let queue = try EnrolmentQueue(path: path)
        await #expect(throws: QueueError.erased(packetID: packets[0].manifest.packetID)) { try await queue.packet(id: packets[0].manifest.packetID) }
        for packet in packets.dropFirst() {
            #expect(QueueFixtures.unchained(try await queue.packet(id: packet.manifest.packetID)) == packet)
        }
        let second = try await queue.signedManifest(id: packets[1].manifest.packetID)
        let first = try JSONDecoder().decode(PacketManifest.self, from: second.manifest)
        #expect(first.previousManifestSHA256 != nil, "migrated packets are chained in their stored order")
        try queue.close()
        let afterClose = try Self.plaintextFound(in: directory, packets: packets)
        #expect(afterClose.isEmpty, "\(afterClose)")
    }

    /// What the previous release wrote: schema v3, manifests and records in the clear; the first packet delivered.
    static func writePlainQueue(path: String, packets: [CapturePacket]) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let old = try DatabaseQueue(path: path, configuration: configuration)
        try QueueSchema.migrator(sealer: nil).migrate(old, upTo: "v3-submission-claims")
        try old.write { db in
            for (index, packet) in packets.enumerated() {
                let json = String(decoding: try ManifestCoding.encode(packet.manifest), as: UTF8.self)
                let id = packet.manifest.packetID
                try db.execute(sql: """
                    INSERT INTO packets (packet_id, enrolment_id, manifest, manifest_sha256, state, attempts, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                    """, arguments: [id, packet.manifest.enrolmentID, json,
                                     ManifestSeal.digest(packetID: id, enrolmentID: packet.manifest.enrolmentID, manifestJSON: json),
                                     index == 0 ? "done" : "pending", 1_800_000_000.0 + Double(index), 1_800_000_000.0 + Double(index)])
                for (ordinal, record) in packet.records.enumerated() {
                    try db.execute(sql: "INSERT INTO records (packet_id, ordinal, record_id, format, sha256, size, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [id, ordinal, record.id, record.format.rawValue, record.sha256Hex, record.bytes.count, Data(record.bytes)])
                }
            }
        }
        try old.close()
    }

    @Test func aSealingMigrationKilledHalfWayLosesNothing() async throws {
        let soak = try #require(SoakProcess.executable, "biocap-queue-soak is not built beside the tests")
        for delay in [5, 40, 120] {
            let directory = try QueueFixtures.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = QueueFixtures.databasePath(in: directory)
            let packets = try (0..<40).map { index in try QueueFixtures.packet(createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(index))) }
            try Self.writePlainQueue(path: path, packets: packets)
            // Another process opens the old queue (which seals it) and is killed after `delay` ms.
            let process = Process()
            process.executableURL = soak
            process.arguments = ["--db", path, "--count", "0"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let queue = try EnrolmentQueue(path: path)
            for packet in packets.dropFirst() {
                #expect(QueueFixtures.unchained(try await queue.packet(id: packet.manifest.packetID)) == packet, "killed after \(delay) ms")
            }
            #expect(try await queue.stats().total == packets.count)
            try queue.close()
            let left = try Self.plaintextFound(in: directory, packets: packets)
            #expect(left.isEmpty, "killed after \(delay) ms: \(left)")
        }
    }
}
