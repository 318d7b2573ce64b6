import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// `biocapctl` end to end: the real CLI binary against a real `biocapd` running the simulated kit.
@Suite("biocapctl")
struct CLITests {
    /// One daemon for the whole session (starting one costs a few seconds), stopped whatever happens.
    @Test("a technician session against the simulated kit: devices, diag, captures to JPEG and ISO, queue stats")
    func sessionAgainstSimulatedKit() async throws {
        let directory = try TestData.temporaryDirectory("biocapctl-daemon")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "kit", "--time-scale", "0.05"])
        try await daemon.start(client: SocketClient(socketPath: daemon.socketPath))
        do {
            try session(daemon)
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    private func session(_ daemon: DaemonProcess) throws {
        let socket = ["--socket", daemon.socketPath]
        let work = try TestData.temporaryDirectory("biocapctl-out")
        defer { try? FileManager.default.removeItem(at: work) }

        let health = try CLIHarness.ctl(["health"] + socket)
        #expect(health.status == 0, "\(health)")
        #expect(health.stdout.contains("devices: 4"), "\(health)")

        let devicesJSON = try CLIHarness.ctl(["devices", "--json"] + socket)
        #expect(devicesJSON.status == 0, "\(devicesJSON)")
        let document = try JSONSerialization.jsonObject(with: Data(devicesJSON.stdout.utf8)) as? [String: Any]
        let devices = try #require(document?["devices"] as? [[String: Any]], "\(devicesJSON)")
        #expect(devices.count == 4)

        // Global options before the subcommand, as people type them.
        let before = try CLIHarness.ctl(socket + ["--json", "devices"])
        #expect(before.status == 0 && before.stdout == devicesJSON.stdout, "\(before)")
        let nested = try CLIHarness.ctl(["--json", "--socket=\(daemon.socketPath)", "queue", "stats"])
        #expect(nested.status == 0 && nested.stdout.contains("\"pending\""), "\(nested)")

        let table = try CLIHarness.ctl(["devices"] + socket)
        #expect(table.status == 0, "\(table)")
        let header = try #require(table.stdout.split(separator: "\n").first)
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == ["ID", "MODALITY", "STATE", "MODEL", "DRIVER", "SIM"])
        #expect(table.stdout.contains("sim-finger-0"), "\(table)")

        let diag = try CLIHarness.ctl(["diag", "sim-face-0"] + socket)
        #expect(diag.status == 0, "\(diag)")
        #expect(diag.stdout.contains("checks passed"), "\(diag)")

        let jpegPath = work.appendingPathComponent("face.jpg").path
        let face = try CLIHarness.ctl(["capture", "--modality", "face", "--position", "face", "--threshold", "0",
                                       "--timeout", "60", "--out", jpegPath] + socket, timeout: 180)
        #expect(face.status == 0, "\(face)\n\(daemon.log)")
        #expect(face.stdout.contains("frame "), "a progress line per frame: \(face)")
        #expect(face.stdout.contains("capture completed"), "\(face)")
        let jpeg = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: jpegPath))) ?? Data())
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]), "face.jpg is not a JPEG (\(jpeg.count) bytes)")

        let isoPath = work.appendingPathComponent("f.iso").path
        let finger = try CLIHarness.ctl(["capture", "--device", "sim-finger-0", "--position", "right-index", "--threshold", "0",
                                         "--timeout", "60", "--out", isoPath, "--json"] + socket, timeout: 180)
        #expect(finger.status == 0, "\(finger)\n\(daemon.log)")
        let info = try JSONSerialization.jsonObject(with: Data(finger.stdout.utf8)) as? [String: Any]
        #expect(info?["state"] as? String == "completed", "--json prints the finished capture document: \(finger)")
        let iso = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: isoPath))) ?? Data())
        #expect(iso.starts(with: Array("FIR\0".utf8)), "f.iso is not an ISO 19794-4 record (\(iso.prefix(8)))")

        // The two captures become one queued packet, which is leased, exported and acknowledged.
        let faceID = try #require(face.stdout.split(separator: "\n").first?.split(separator: " ").dropFirst().first, "\(face)")
        let fingerID = try #require(info?["id"] as? String)
        let submitArguments = ["packet", "submit", "--enrolment", "E-1", "--operator", "op-7", "--capture", String(faceID),
                               "--capture", fingerID, "--idempotency-key", "cli-test-1", "--json"] + socket
        let submit = try CLIHarness.ctl(submitArguments)
        #expect(submit.status == 0, "\(submit)")
        let queued = try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any]
        let packetID = try #require(queued?["packetID"] as? String, "\(submit)")
        #expect(queued?["recordCount"] as? Int == 2, "\(submit)")
        // Submitted again with the same key: the same packet, not a second one. Without it: the captures are taken.
        let repeated = try CLIHarness.ctl(submitArguments)
        #expect(repeated.status == 0 && repeated.stdout.contains(packetID), "\(repeated)")
        let reused = try CLIHarness.ctl(["packet", "submit", "--enrolment", "E-1", "--operator", "op-7", "--capture", fingerID] + socket)
        #expect(reused.status == 1 && reused.stderr.contains("already in packet \(packetID)"), "\(reused)")

        let stats = try CLIHarness.ctl(["queue", "stats", "--json"] + socket)
        #expect(stats.status == 0, "\(stats)")
        let counts = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        #expect(counts?["pending"] as? Int == 1, "\(stats)")

        let lease = try CLIHarness.ctl(["queue", "lease", "--max", "5", "--json"] + socket)
        let leases = (try JSONSerialization.jsonObject(with: Data(lease.stdout.utf8)) as? [String: Any])?["leases"] as? [[String: Any]]
        let token = try #require(leases?.first?["token"] as? String, "\(lease)")
        #expect(leases?.first?["packetID"] as? String == packetID)

        let archivePath = work.appendingPathComponent("packet.biocap").path
        let export = try CLIHarness.ctl(["queue", "export", packetID, "--out", archivePath] + socket)
        #expect(export.status == 0, "\(export)")
        let archive = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: archivePath))) ?? Data())
        #expect(archive.starts(with: Array("BIOCAPPK".utf8)), "\(export)")
        // The same packet as an ANSI/NIST-ITL transaction: the face and the finger as Type-10 and Type-14.
        let an2Path = work.appendingPathComponent("packet.an2").path
        let an2 = try CLIHarness.ctl(["queue", "export", packetID, "--format", "an2", "--destination", "ID REGISTRY", "--out", an2Path,
                                      "--json"] + socket)
        #expect(an2.status == 0 && an2.stdout.contains(#""format":"an2""#), "\(an2)")
        let transaction = try NISTTransaction.decode([UInt8]((try? Data(contentsOf: URL(fileURLWithPath: an2Path))) ?? Data()))
        #expect(transaction.records.map(\.type) == [1, 2, 10, 14])
        let typeOne = try NISTTransactionInformation(transaction.records[0])
        #expect(typeOne.controlNumber == packetID && typeOne.destinationAgency == "ID REGISTRY" && typeOne.typeOfTransaction == "BIO")
        let misplaced = try CLIHarness.ctl(["queue", "export", packetID, "--tot", "CAR", "--out", an2Path] + socket)
        #expect(misplaced.status == 2, "--tot without --format an2 is a usage mistake: \(misplaced)")
        #expect(try NISTDescriptiveText(transaction.records[1]).enrolmentID == "E-1")

        let wrongToken = try CLIHarness.ctl(["queue", "ack", packetID, "--token", UUID().uuidString] + socket)
        #expect(wrongToken.status == 1, "\(wrongToken)")
        let ack = try CLIHarness.ctl(["queue", "ack", packetID, "--token", token] + socket)
        #expect(ack.status == 0, "\(ack)")
        #expect(ack.stdout.contains("done"), "\(ack)")
        let list = try CLIHarness.ctl(["queue", "list", "--state", "done"] + socket)
        #expect(list.stdout.contains(packetID), "\(list)")
        // Delivered means crypto-erased; `queue purge` deletes it now.
        let erased = try CLIHarness.ctl(["queue", "export", packetID, "--out", archivePath + ".again"] + socket)
        #expect(erased.status == 1 && erased.stderr.contains("crypto-erased"), "\(erased)")
        let purge = try CLIHarness.ctl(["queue", "purge"] + socket)
        #expect(purge.status == 0 && purge.stdout.contains("purged 1"), "\(purge)")
        let gone = try CLIHarness.ctl(["queue", "list", "--state", "done"] + socket)
        #expect(!gone.stdout.contains(packetID), "\(gone)")

        let unknown = try CLIHarness.ctl(["info", "no-such-device"] + socket)
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.contains("(not-found)"), "API errors print 'error: <message> (<code>)': \(unknown)")
    }

    @Test("quality scores a real FVC2000 fingerprint offline, one JSON line per file")
    func qualityOfRealFingerprint() throws {
        let files = ["fingerprints/fvc2000-db1/101_1.pgm", "fingerprints/fvc2000-db3/101_1.pgm"].map { TestData.data($0).path }
        let result = try CLIHarness.ctl(["quality", "--modality", "finger"] + files)
        #expect(result.status == 0, "\(result)")
        // --json is accepted (output is JSON lines anyway), before or after the command.
        for arguments in [["--json", "quality"], ["quality", "--json"]] {
            let same = try CLIHarness.ctl(arguments + ["--modality", "finger"] + files)
            #expect(same.status == 0 && same.stdout == result.stdout, "\(same)")
        }
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(result)")
        for (line, file) in zip(lines, files) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(object["file"] as? String == file)
            let score = try #require(object["score"] as? Int, "\(line)")
            #expect((0...100).contains(score))
            #expect((object["metrics"] as? [String: Any])?.isEmpty == false, "\(line)")
            #expect(object["guidance"] is [Any], "\(line)")
        }
    }

    @Test("quality reports an unreadable file as a JSON error line and exits 1")
    func qualityOfUnreadableFile() throws {
        let result = try CLIHarness.ctl(["quality", "--modality", "iris", "/nonexistent/eye.pgm"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("\"error\""), "\(result)")
    }

    @Test("with no daemon on the socket: exit 3 and a message naming the socket and how to start the daemon")
    func daemonNotRunning() throws {
        let directory = try TestData.temporaryDirectory("biocapctl-nodaemon")
        defer { try? FileManager.default.removeItem(at: directory) }
        let socket = directory.appendingPathComponent("absent.sock").path
        let result = try CLIHarness.ctl(["devices", "--socket", socket], timeout: 30)
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains(socket), "\(result)")
        #expect(result.stderr.contains("not running"), "\(result)")
        #expect(result.stderr.contains("--socket"), "\(result)")

        // $BIOCAP_SOCKET is the default when --socket is absent.
        let fromEnvironment = try CLIHarness.ctl(["health"], timeout: 30, environment: ["BIOCAP_SOCKET": socket])
        #expect(fromEnvironment.status == 3, "\(fromEnvironment)")
        #expect(fromEnvironment.stderr.contains(socket), "\(fromEnvironment)")
    }

    @Test("a usage mistake exits 2 without contacting any daemon")
    func usageErrors() throws {
        let noPosition = try CLIHarness.ctl(["capture", "--modality", "finger", "--socket", "/nonexistent.sock"])
        #expect(noPosition.status == 2 && noPosition.stderr.contains("--position"), "\(noPosition)")
        // The face is the only face position: no --position needed, so this gets as far as the (absent) daemon.
        let face = try CLIHarness.ctl(["--socket", "/nonexistent.sock", "capture", "--modality", "face"])
        #expect(face.status == 3, "\(face)")
        let badExtension = try CLIHarness.ctl(["capture", "--modality", "face", "--position", "face", "--out", "x.png"])
        #expect(badExtension.status == 2, "\(badExtension)")
        #expect(badExtension.stderr.contains(".iso"), "\(badExtension)")
        let unknownCommand = try CLIHarness.ctl(["frobnicate"])
        #expect(unknownCommand.status == 2, "\(unknownCommand)")
    }
}
