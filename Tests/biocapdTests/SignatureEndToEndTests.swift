import BiocapTestSupport
import Foundation
import Testing

/// The fourth device of an e-KTP kit through the real daemon: a signature from the simulated pad, its record and image,
/// finish and clear over the socket, an unplugged pad, and the packet with the signature's image beside its record.
@Suite(.serialized) struct SignatureEndToEndTests {
    private func withDaemon(
        _ arguments: [String] = ["--simulate", "signature", "--time-scale", "0.1"],
        _ body: (SocketClient, String) async throws -> Void
    ) async throws {
        let directory = try TestData.temporaryDirectory("biocapd-signature")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: arguments)
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            try await body(client, daemon.socketPath)
        } catch {
            Issue.record("daemon log:\n\(daemon.log.suffix(4000))")
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    private func start(_ client: SocketClient, _ body: [String: Any]) async throws -> String {
        let started = try await client.post("/v1/captures", json: body)
        #expect(started.status == 202, "start: \(String(decoding: started.body, as: UTF8.self))")
        guard let id = try started.json()["id"] as? String else { throw DaemonError("no capture id") }
        return id
    }

    @Test func aSignatureGoesIntoThePacketWithItsImage() async throws {
        try await withDaemon { client, _ in
            let devices = try await client.get("/v1/devices").json()["devices"] as? [[String: Any]] ?? []
            let pad = try #require(devices.first)
            #expect((pad["descriptor"] as? [String: Any])?["modality"] as? String == "signature")

            let id = try await start(client, ["positions": ["signature"], "penUpSeconds": 0.5, "timeoutSeconds": 120])
            _ = try await client.finishedCapture(id, timeout: .seconds(120))
            let info = try await client.get("/v1/captures/\(id)").json()
            #expect(info["state"] as? String == "completed", "\(info["error"] ?? "")")
            let result = try #require((info["results"] as? [[String: Any]])?.first)
            #expect(result["position"] as? String == "signature")
            #expect(result["recordFormat"] as? String == "iso-19794-7-2007")
            #expect((result["score"] as? Int ?? 0) >= 40, "\(result)")
            let metrics = (result["metrics"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(["duration", "strokes", "path-length", "box-use", "pressure-range", "samples-lost"]).isSubset(of: Set(metrics)))

            let record = try await client.get("/v1/captures/\(id)/record")
            #expect(record.body.prefix(4) == Data("SDI\0".utf8))
            let png = try await client.get("/v1/captures/\(id)/image")
            #expect(png.contentType == "image/png")
            #expect(png.body.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            let jpeg = try await client.get("/v1/captures/\(id)/image?format=jpeg")
            #expect(jpeg.body.prefix(2) == Data([0xFF, 0xD8]))

            let submitted = try await client.post("/v1/packets", json: [
                "enrolmentID": "ENR-SIG-1", "operatorID": "officer-7", "captures": [id],
            ])
            #expect(submitted.status == 201, "\(String(decoding: submitted.body, as: UTF8.self))")
            let packetID = try submitted.json()["packetID"] as? String ?? ""
            let stored = try await client.get("/v1/packets/\(packetID)").json()
            let entry = try #require(((stored["manifest"] as? [String: Any])?["captures"] as? [[String: Any]])?.first)
            #expect(entry["recordFormat"] as? String == "iso-19794-7-2007")
            let companion = try #require((entry["companions"] as? [[String: Any]])?.first)
            #expect(companion["recordID"] as? String == "signature-image")
            #expect(companion["recordFormat"] as? String == "png")
            let image = try await client.get("/v1/packets/\(packetID)/records/signature-image")
            #expect(image.status == 200)
            #expect(image.body == png.body)
        }
    }

    @Test func aSubjectWhoCannotSignIsRecordedAsAnException() async throws {
        try await withDaemon { client, _ in
            let submitted = try await client.post("/v1/packets", json: [
                "enrolmentID": "ENR-SIG-2", "operatorID": "officer-7", "captures": [] as [String],
                "exceptions": [["position": "signature", "reason": "unable-to-sign", "note": "cannot hold a pen"]],
            ])
            #expect(submitted.status == 201, "\(String(decoding: submitted.body, as: UTF8.self))")
            let packetID = try submitted.json()["packetID"] as? String ?? ""
            let manifest = try await client.get("/v1/packets/\(packetID)").json()["manifest"] as? [String: Any] ?? [:]
            let exception = try #require((manifest["exceptions"] as? [[String: Any]])?.first)
            #expect(exception["position"] as? String == "signature")
            #expect(exception["reason"] as? String == "unable-to-sign")
            // A reason the API does not know is refused, naming the field.
            let wrong = try await client.post("/v1/captures", json: [
                "positions": ["signature"], "exceptions": [["position": "signature", "reason": "unable-to-write"]],
            ])
            #expect(wrong.status == 400)
        }
    }

    @Test func finishAndClearOverTheSocket() async throws {
        try await withDaemon { client, _ in
            // A pen-up time far longer than the signature: only finish ends it.
            let id = try await start(client, ["positions": ["signature"], "penUpSeconds": 60, "timeoutSeconds": 120])
            try await waitForInk(client, id)
            let cleared = try await client.post("/v1/captures/\(id)/clear", raw: Data())
            let clearedState = try cleared.json()["state"] as? String
            #expect(cleared.status == 200 && clearedState == "running")
            let finished = try await client.post("/v1/captures/\(id)/finish", raw: Data(), timeout: .seconds(60))
            #expect(finished.status == 200)
            let state = try finished.json()
            // Cleared just before: the pad's simulated signer has written nothing since, or has started again.
            #expect(["completed", "failed"].contains(state["state"] as? String ?? ""))
            if state["state"] as? String == "failed" {
                #expect((state["error"] as? [String: Any])?["code"] as? String == "signature-empty")
            }
            let again = try await client.post("/v1/captures/\(id)/finish", raw: Data())
            #expect(again.status == 400 && again.errorCode == "invalid-request")
        }
    }

    @Test func anUnpluggedPadEndsTheCaptureAndKeepsWhatWasWritten() async throws {
        try await withDaemon(["--simulate", "signature", "--scenario", "signature=unplug", "--time-scale", "0.1"]) { client, _ in
            let id = try await start(client, ["positions": ["signature"], "timeoutSeconds": 120])
            _ = try await client.finishedCapture(id, timeout: .seconds(120))
            let info = try await client.get("/v1/captures/\(id)").json()
            #expect(info["state"] as? String == "failed")
            #expect((info["error"] as? [String: Any])?["code"] as? String == "device-disconnected")
            #expect((info["results"] as? [[String: Any]])?.first?["position"] as? String == "signature")
            let record = try await client.get("/v1/captures/\(id)/record")
            #expect(record.status == 200 && record.body.prefix(4) == Data("SDI\0".utf8))
        }
    }

    @Test func theCLICapturesASignatureIntoPNGAndRecordFiles() async throws {
        try await withDaemon { _, socket in
            let directory = try TestData.temporaryDirectory("biocapctl-signature")
            defer { try? FileManager.default.removeItem(at: directory) }
            let png = directory.appendingPathComponent("signature.png").path
            let captured = try CLIHarness.ctl(["--socket", socket, "capture", "--modality", "signature", "--pen-up", "0.5", "--out", png])
            #expect(captured.status == 0, "\(captured)")
            #expect(captured.stdout.contains("sample "), "progress counts samples: \(captured.stdout)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
            #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))

            let iso = directory.appendingPathComponent("signature.iso").path
            let recorded = try CLIHarness.ctl(["--socket", socket, "capture", "--modality", "signature", "--pen-up", "0.5", "--out", iso])
            #expect(recorded.status == 0, "\(recorded)")
            // The record the daemon wrote draws offline.
            let drawn = directory.appendingPathComponent("drawn.jpg").path
            let rendered = try CLIHarness.ctl(["signature", "render", iso, "--out", drawn])
            #expect(rendered.status == 0, "\(rendered)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: drawn)).prefix(2) == Data([0xFF, 0xD8]))

            let unknown = try CLIHarness.ctl(["--socket", socket, "signature", "finish", "no-such-capture"])
            #expect(unknown.status != 0 && unknown.stderr.contains("no capture"), "\(unknown)")
        }
    }

    /// Waits until the running capture's live score says the pen has written something.
    private func waitForInk(_ client: SocketClient, _ id: String) async throws {
        for _ in 0..<600 {
            let info = try await client.get("/v1/captures/\(id)").json()
            if (info["framesScored"] as? Int ?? 0) > 100 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DaemonError("the simulated pad wrote nothing")
    }
}
