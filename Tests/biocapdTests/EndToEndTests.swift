import BiocapCore
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// Runs the real `biocapd` binary with a simulated kit on a temporary socket and state directory, and
/// uses it through the socket exactly as an enrolment app would.
@Suite(.serialized) struct EndToEndTests {
    private func withDaemon(
        _ arguments: [String] = ["--simulate", "kit", "--time-scale", "0.05"],
        _ body: (DaemonProcess, SocketClient) async throws -> Void
    ) async throws {
        let directory = try TestData.temporaryDirectory("biocapd-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: arguments)
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            try await body(daemon, client)
        } catch {
            Issue.record("daemon log:\n\(daemon.log.suffix(4000))")
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    /// Starts a capture and waits until it is no longer running; returns its final JSON.
    private func capture(_ client: SocketClient, _ body: [String: Any]) async throws -> [String: Any] {
        let started = try await client.post("/v1/captures", json: body)
        #expect(started.status == 202, "start: \(String(decoding: started.body, as: UTF8.self))")
        guard let id = try started.json()["id"] as? String else { throw DaemonError("no capture id") }
        _ = try await client.finishedCapture(id, timeout: .seconds(240))
        return try await client.get("/v1/captures/\(id)").json()
    }

    @Test func enrolsOnePersonAndHandsThePacketOver() async throws {
        try await withDaemon { _, client in
            let devices = try await client.get("/v1/devices").json()["devices"] as? [[String: Any]] ?? []
            let modalities = devices.compactMap { ($0["descriptor"] as? [String: Any])?["modality"] as? String }
            #expect(modalities.sorted() == ["face", "finger", "iris", "signature"])
            #expect(devices.allSatisfy { $0["state"] as? String == "ready" })

            // Progress events arrive over SSE while a capture runs: a signature that only ends a minute after the pen is
            // lifted, followed until its first progress event, then cancelled, and followed to its `finished` event. (A
            // face capture, even at threshold 100 — the simulated face can score 100 — was seen to end before a loaded
            // machine delivered the subscription.)
            let watched = try await client.post("/v1/captures", json: ["positions": ["signature"], "penUpSeconds": 60, "timeoutSeconds": 300])
            let watchedID = try watched.json()["id"] as? String ?? ""
            let followed = try await withDeadline(after: .seconds(200)) { () async throws -> (text: String, contentType: String?) in
                let response = try await client.open("/v1/captures/\(watchedID)/events", timeout: .seconds(200))
                var body = response.body.makeAsyncIterator()
                var bytes: [UInt8] = []
                while !String(decoding: bytes, as: UTF8.self).contains("event: progress") {
                    guard let chunk = try await body.next() else { break }
                    bytes += chunk.readableBytesView
                }
                _ = try await client.post("/v1/captures/\(watchedID)/cancel", raw: Data())
                while let chunk = try await body.next() { bytes += chunk.readableBytesView }
                return (String(decoding: bytes, as: UTF8.self), response.headers.first(name: "content-type"))
            }
            guard case .finished(let (eventText, contentType)) = followed else {
                Issue.record("the events stream did not end within 200 s")
                return
            }
            #expect(contentType?.hasPrefix("text/event-stream") == true)
            #expect(eventText.contains("event: progress") && eventText.contains("event: finished"), "\(eventText.suffix(600))")

            let face = try await capture(client, ["positions": ["face"], "threshold": 40, "timeoutSeconds": 120])
            let faceID = face["id"] as? String ?? ""
            let irises = try await capture(client, ["positions": ["right-iris", "left-iris"], "threshold": 40, "timeoutSeconds": 120])
            let leftSlap = try await capture(client, [
                "positions": ["plain-left-four"], "threshold": 30, "timeoutSeconds": 120,
                "exceptions": [["position": "left-ring", "reason": "amputated", "note": "since 2019"]],
            ])
            let rightSlap = try await capture(client, ["positions": ["plain-right-four"], "threshold": 30, "timeoutSeconds": 120])
            let thumbs = try await capture(client, ["positions": ["plain-thumbs"], "threshold": 30, "timeoutSeconds": 120])
            let captures = [try await client.get("/v1/captures/\(faceID)").json(), irises, leftSlap, rightSlap, thumbs]
            for info in captures {
                #expect(info["state"] as? String == "completed", "capture ended \(info["state"] ?? "?"): \(info["error"] ?? "")")
            }
            let record = try await client.get("/v1/captures/\(leftSlap["id"] as? String ?? "")/record")
            #expect(record.body.prefix(4) == Data("FIR\0".utf8))
            let irisImage = try await client.get("/v1/captures/\(irises["id"] as? String ?? "")/image?position=left-iris&format=pgm")
            #expect(irisImage.body.prefix(2) == Data("P5".utf8))

            // The left slap's fingertips: three, the amputated ring skipped rather than its neighbour relabelled, each
            // with its own image and ISO record.
            let leftID = leftSlap["id"] as? String ?? ""
            let segments = try await client.get("/v1/captures/\(leftID)/segments").json()
            let fingers = (segments["fingers"] as? [[String: Any]] ?? []).compactMap { $0["position"] as? String }
            #expect(fingers == ["left-little", "left-middle", "left-index"], "\(segments)")
            let fingertip = try await client.get("/v1/captures/\(leftID)/fingers/left-middle/record")
            let fingertipRecord = try FingerImageRecord.decode(Array(fingertip.body))
            #expect(fingertipRecord.representations.first?.position == .leftMiddle)
            #expect(fingertipRecord.representations.first?.compression == .jpeg2000Lossless)
            let fingertipImage = try await client.get("/v1/captures/\(leftID)/fingers/left-index/image?format=pgm")
            #expect(fingertipImage.status == 200 && fingertipImage.body.prefix(2) == Data("P5".utf8))
            #expect(try await client.get("/v1/captures/\(leftID)/fingers/left-ring/image").status == 404)
            #expect(try await client.get("/v1/captures/\(faceID)/segments").status == 400)

            let submitted = try await client.post("/v1/packets", json: [
                "enrolmentID": "ENR-0001", "operatorID": "officer-7",
                "captures": captures.compactMap { $0["id"] as? String },
            ])
            #expect(submitted.status == 201, "\(String(decoding: submitted.body, as: UTF8.self))")
            let packetID = try submitted.json()["packetID"] as? String ?? ""
            let stored = try await client.get("/v1/packets/\(packetID)").json()
            let manifest = stored["manifest"] as? [String: Any] ?? [:]
            let positions = (manifest["captures"] as? [[String: Any]] ?? []).compactMap { $0["position"] as? String }
            #expect(Set(positions) == ["face", "right-iris", "left-iris", "plain-left-four", "plain-right-four", "plain-thumbs"])
            // Besides each slap's record, one record per fingertip found (the left ring is amputated): nine.
            let named = (manifest["captures"] as? [[String: Any]] ?? []).flatMap { ($0["companions"] as? [[String: Any]]) ?? [] }
            let fingertipIDs = Set(named.compactMap { $0["recordID"] as? String }.filter { $0.hasPrefix("plain-") })
            #expect(fingertipIDs.count == 9 && fingertipIDs.contains("plain-left-four-left-index")
                    && !fingertipIDs.contains("plain-left-four-left-ring"), "\(fingertipIDs.sorted())")
            // The manifest keeps the boxes, and the ANSI/NIST-ITL export writes them to the slap's 14.021 SEG.
            let transaction = try await client.get("/v1/packets/\(packetID)/transaction")
            let slapRecords = try NISTTransaction.decode(Array(transaction.body)).records(ofType: 14)
                .filter { $0.field(13)?.subfields?.first?.first == "14" }
            #expect(slapRecords.count == 1 && slapRecords.first?.field(21)?.subfields?.count == 3,
                    "the left slap's three fingertips in 14.021: \(String(describing: slapRecords.first?.field(21)))")
            let exceptions = manifest["exceptions"] as? [[String: Any]] ?? []
            #expect(exceptions.count == 1 && exceptions.first?["position"] as? String == "left-ring"
                    && exceptions.first?["reason"] as? String == "amputated")

            let leased = try await client.post("/v1/queue/lease", json: ["max": 5, "leaseSeconds": 60]).json()
            let leases = leased["leases"] as? [[String: Any]] ?? []
            #expect(leases.count == 1 && leases.first?["packetID"] as? String == packetID)
            let token = leases.first?["token"] as? String ?? ""
            let acked = try await client.post("/v1/queue/packets/\(packetID)/ack", json: ["leaseToken": token])
            let ackedState = try acked.json()["state"] as? String
            #expect(acked.status == 200 && ackedState == "done")
            let stats = try await client.get("/v1/queue/stats").json()
            #expect(stats["done"] as? Int == 1 && stats["pending"] as? Int == 0)
        }
    }

    @Test func badRequestsGetTheDocumentedErrors() async throws {
        try await withDaemon { _, client in
            let malformed = try await client.post("/v1/captures", raw: Data("{\"positions\": [\"face\"".utf8))
            #expect(malformed.status == 400 && malformed.errorCode == "malformed-request")
            let missing = try await client.post("/v1/captures", json: ["threshold": 50])
            #expect(missing.status == 400 && missing.errorCode == "malformed-request")
            #expect(String(decoding: missing.body, as: UTF8.self).contains("positions"))
            let unknownDevice = try await client.post("/v1/captures", json: ["device": "no-such-scanner", "positions": ["face"]])
            #expect(unknownDevice.status == 404 && unknownDevice.errorCode == "not-found")
            let unknownCapture = try await client.get("/v1/captures/00000000-0000-0000-0000-000000000000")
            #expect(unknownCapture.status == 404)

            let long = try await client.post("/v1/captures", json: ["positions": ["right-index"], "threshold": 100, "timeoutSeconds": 300])
            #expect(long.status == 202)
            let busy = try await client.post("/v1/captures", json: ["positions": ["left-index"]])
            #expect(busy.status == 409 && busy.errorCode == "device-busy")
            let notFinished = try await client.get("/v1/captures/\(try long.json()["id"] as? String ?? "")/record")
            #expect(notFinished.status == 409 && notFinished.errorCode == "capture-not-finished")
            let cancelled = try await client.post("/v1/captures/\(try long.json()["id"] as? String ?? "")/cancel", raw: Data())
            #expect(try cancelled.json()["state"] as? String == "cancelled")
            let device = try await client.get("/v1/devices/sim-finger-0").json()
            #expect(device["state"] as? String == "ready")

            // An HTTP client library uploading an oversized body still gets to read the 413.
            let huge = try await client.post("/v1/packets", raw: Data(repeating: UInt8(ascii: " "), count: 2 << 20))
            #expect(huge.status == 413 && huge.errorCode == "body-too-large")
            let unknownPosition = try await client.get("/v1/devices/sim-face-0/preview?position=left-iris")
            #expect(unknownPosition.status == 400 && unknownPosition.errorCode == "invalid-request")
            let unknownRoute = try await client.get("/v1/nothing-here")
            #expect(unknownRoute.status == 404 && unknownRoute.errorCode == "not-found")
        }
    }

    @Test func livePreviewIsAStreamOfJPEGParts() async throws {
        try await withDaemon(["--simulate", "face", "--time-scale", "0.05"]) { _, client in
            let preview = try await client.get("/v1/devices/sim-face-0/preview?frames=3", timeout: .seconds(120))
            #expect(preview.contentType == "multipart/x-mixed-replace; boundary=biocapframe")
            let text = String(decoding: preview.body, as: UTF8.self)
            #expect(text.components(separatedBy: "Content-Type: image/jpeg").count - 1 == 3)
            #expect(text.hasSuffix("--biocapframe--\r\n"))
            var jpegStarts = 0
            for index in preview.body.indices.dropLast() where preview.body[index] == 0xFF && preview.body[index + 1] == 0xD8 {
                jpegStarts += 1
            }
            #expect(jpegStarts >= 3)
            let device = try await client.get("/v1/devices/sim-face-0").json()
            #expect(device["state"] as? String == "ready", "the preview released the device")
        }
    }

    @Test func acknowledgedPacketsSurviveSIGKILLAndRetriesDoNotDuplicate() async throws {
        let directory = try TestData.temporaryDirectory("biocapd-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--simulate", "iris,face", "--time-scale", "0.05"]
        let daemon = DaemonProcess(directory: directory, extraArguments: arguments)
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)

        // Two "apps" enrol back to back, one on each device: capture, then a packet of that capture with an
        // idempotency key. The daemon is killed in the middle; each app remembers the submission it had in flight.
        let acknowledged = AcknowledgedPackets()
        let plans = [#"{"positions": ["face"], "threshold": 0}"#, #"{"positions": ["right-iris", "left-iris"], "threshold": 0}"#]
        let submitters = plans.enumerated().map { app, plan in
            Task { () -> (key: String, body: Data)? in
                for number in 0..<10_000 {
                    guard let started = try? await client.post("/v1/captures", raw: Data(plan.utf8)), started.status == 202,
                          let captureID = try? started.json()["id"] as? String,
                          (try? await client.finishedCapture(captureID, timeout: .seconds(60))) != nil else { return nil }
                    let key = "app-\(app)-\(number)"
                    let body = Data(#"{"enrolmentID": "ENR-\#(app)-\#(number)", "operatorID": "officer", "captures": ["\#(captureID)"]}"#.utf8)
                    await acknowledged.submitting(+1)
                    guard let reply = try? await client.post("/v1/packets", raw: body, headers: ["Idempotency-Key": key]),
                          reply.status == 201, let id = try? reply.json()["packetID"] as? String else { return (key, body) }
                    await acknowledged.add(id)
                    await acknowledged.submitting(-1)
                }
                return nil
            }
        }
        let deadline = ContinuousClock.now + .seconds(120)
        // Kill while a submission is in flight, so that its retry is tested (not guaranteed: it may land first).
        while await !acknowledged.readyToKill(after: 16), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        try await Task.sleep(for: .microseconds(Int.random(in: 0...6_000)))
        #expect(await acknowledged.count >= 16, "submissions stalled:\n\(daemon.log.suffix(2000))")
        await daemon.stop(signal: SIGKILL)
        var inFlight: [(key: String, body: Data)] = []
        for submitter in submitters { if let pending = await submitter.value { inFlight.append(pending) } }
        let ids = await acknowledged.ids
        #expect(daemon.exitStatus == SIGKILL)

        let restarted = DaemonProcess(directory: directory, extraArguments: arguments)
        try await restarted.start(client: client)
        for id in ids {
            let reply = try await client.get("/v1/packets/\(id)")
            #expect(reply.status == 200, "acknowledged packet \(id) lost: \(String(decoding: reply.body, as: UTF8.self))")
            let manifest = (try? reply.json()["manifest"] as? [String: Any]) ?? [:]
            #expect(!((manifest["captures"] as? [Any]) ?? []).isEmpty)
            let archive = try await client.get("/v1/packets/\(id)/archive")
            #expect(archive.status == 200 && archive.body.prefix(8) == Data("BIOCAPPK".utf8))
        }
        // The retry of a submission cut off by the kill: if the packet was stored, the key finds it (200, the
        // same packet, not a second one); if not, its capture died with the daemon (404). Never a duplicate.
        var recovered = 0
        for pending in inFlight {
            let retry = try await client.post("/v1/packets", raw: pending.body, headers: ["Idempotency-Key": pending.key])
            #expect(retry.status == 200 || retry.status == 404, "retry of \(pending.key): \(String(decoding: retry.body, as: UTF8.self))")
            if retry.status == 200 { recovered += 1 }
            let again = try await client.post("/v1/packets", raw: pending.body, headers: ["Idempotency-Key": pending.key])
            #expect(again.status == retry.status && again.body == retry.body)
        }
        let stats = try await client.get("/v1/queue/stats").json()
        #expect((stats["pending"] as? Int ?? 0) == ids.count + recovered)
        await restarted.stop()
        print("SIGKILL after \(ids.count) acknowledged packets; all found intact after restart; \(inFlight.count) in flight, \(recovered) of them stored and found by their idempotency key")
    }
}

/// Packet ids the daemon answered 201 for.
actor AcknowledgedPackets {
    private(set) var ids: [String] = []
    private var inFlight = 0
    var count: Int { ids.count }
    func readyToKill(after count: Int) -> Bool { ids.count >= count && inFlight > 0 }
    func add(_ id: String) { ids.append(id) }
    func submitting(_ change: Int) { inFlight += change }
}
