import BiocapTestSupport
import Foundation
import Testing

/// A stored packet's manifest is signed by the kit: `openssl` verifies the signature against
/// `biocapctl kit public-key`, and the manifests' chain shows a packet left out.
@Suite struct SignedPacketTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: openssl != nil, "needs the openssl command"))
    func opensslVerifiesTheManifestAndTheChainShowsAGap() async throws {
        let directory = try TestData.temporaryDirectory("signed-packets")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb", "--time-scale", "0.05"])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            var packetIDs: [String] = []
            for number in 0..<3 {
                let started = try await client.post("/v1/captures", json: ["positions": ["face"], "threshold": 0])
                let captureID = try #require(try started.json()["id"] as? String)
                _ = try await client.finishedCapture(captureID, timeout: .seconds(60))
                let stored = try await client.post("/v1/packets", json: ["enrolmentID": "ENR-SIGNED-\(number)", "operatorID": "o", "captures": [captureID]])
                #expect(stored.status == 201, "\(String(decoding: stored.body, as: UTF8.self))")
                packetIDs.append(try #require(try stored.json()["packetID"] as? String))
            }
            let pem = try CLIHarness.ctl(["kit", "public-key", "--socket", daemon.socketPath])
            #expect(pem.status == 0 && pem.stdout.hasPrefix("-----BEGIN PUBLIC KEY-----"), "\(pem)")
            let keyFile = directory.appendingPathComponent("kit.pem")
            try Data(pem.stdout.utf8).write(to: keyFile)
            let kit = try CLIHarness.ctl(["kit", "--socket", daemon.socketPath])
            #expect(kit.status == 0 && kit.stdout.contains("signing key (Ed25519) SHA-256"), "\(kit)")

            var links: [(id: String, sha: String, previous: String?)] = []
            for id in packetIDs {
                let manifest = try await client.get("/v1/packets/\(id)/manifest")
                let signature = try await client.get("/v1/packets/\(id)/signature")
                #expect(manifest.status == 200 && signature.status == 200 && signature.body.count == 64)
                let manifestFile = directory.appendingPathComponent("\(id).json"), signatureFile = directory.appendingPathComponent("\(id).sig")
                try manifest.body.write(to: manifestFile)
                try signature.body.write(to: signatureFile)
                #expect(try Self.verify(keyFile, manifestFile, signatureFile) == 0, "openssl rejects the signature of \(id)")
                // One changed byte and openssl refuses it.
                var forged = manifest.body
                forged[forged.count / 2] ^= 0x01
                try forged.write(to: manifestFile)
                #expect(try Self.verify(keyFile, manifestFile, signatureFile) != 0, "openssl accepted a changed manifest")

                let document = try #require(try JSONSerialization.jsonObject(with: manifest.body) as? [String: Any])
                links.append((id, try Self.sha256(manifest.body), document["previousManifestSHA256"] as? String))
            }
            #expect(links[1].previous == links[0].sha && links[2].previous == links[1].sha)

            // The audit log names who captured, what was stored and exported, and its chain holds.
            _ = try await client.get("/v1/packets/\(packetIDs[0])/archive")
            let audit = try CLIHarness.ctl(["audit", "--socket", daemon.socketPath])
            #expect(audit.status == 0, "\(audit)")
            for event in ["kit-key-created", "capture-started", "capture-finished", "packet-stored", "packet-exported"] {
                #expect(audit.stdout.contains(event), "\(event) missing from:\n\(audit.stdout)")
            }
            #expect(audit.stdout.contains("uid=\(getuid())"), "\(audit.stdout)")
            #expect(!audit.stdout.contains("ENR-SIGNED"), "the enrolled person's id is not audited")
            let verify = try CLIHarness.ctl(["audit", "verify", "--socket", daemon.socketPath])
            #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify)")

            // After a key rotation the undelivered packets still read, and the first manifest still verifies with
            // the retired key the kit now lists.
            let rotate = try CLIHarness.ctl(["kit", "rotate-key", "--socket", daemon.socketPath])
            #expect(rotate.status == 0 && rotate.stdout.contains("1 retired key"), "\(rotate)")
            let kitAfter = try await client.get("/v1/kit").json()
            let retired = try #require((kitAfter["retiredSigningKeysPEM"] as? [String])?.first)
            #expect(retired == pem.stdout)
            #expect(try await client.get("/v1/packets/\(packetIDs[1])").status == 200)
            let manifestFile = directory.appendingPathComponent("again.json"), signatureFile = directory.appendingPathComponent("again.sig")
            try (try await client.get("/v1/packets/\(packetIDs[1])/manifest")).body.write(to: manifestFile)
            try (try await client.get("/v1/packets/\(packetIDs[1])/signature")).body.write(to: signatureFile)
            #expect(try Self.verify(keyFile, manifestFile, signatureFile) == 0)
            // The centre receives packets 0 and 2 only: packet 2 names a predecessor it never saw.
            #expect(links[2].previous != links[0].sha, "a packet left out is visible in the chain")
        } catch {
            Issue.record("daemon log:\n\(daemon.log.suffix(3000))")
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    static func verify(_ key: URL, _ manifest: URL, _ signature: URL) throws -> Int32 {
        try run(["pkeyutl", "-verify", "-pubin", "-inkey", key.path, "-rawin", "-in", manifest.path, "-sigfile", signature.path])
    }

    static func sha256(_ data: Data) throws -> String {
        let directory = try TestData.temporaryDirectory("sha")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("m")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl ?? "/usr/bin/openssl")
        process.arguments = ["dgst", "-sha256", "-r", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        return String(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl ?? "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
