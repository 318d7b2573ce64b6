import BiocapTestSupport
import Foundation
import Testing

/// The real `biocapd --simulate kit --sbi` on a real TCP port: MOSIP's schemas and signatures checked by independent
/// libraries, SBI's verbs as raw bytes, a client leaving mid-capture, the stream (the timeout and busy rules:
/// `SBITimeoutTests`).
/// Serialized: each test runs a daemon with a simulated kit, and eight of them at once beside the rest of the suite
/// starve a two-core machine.
@Suite(.serialized) struct SBIServiceTests {
    /// Starts a daemon with the SBI listener on a free port; `body` gets the port, the daemon and its socket client.
    static func withService(_ name: String, extra: [String] = [], timeScale: String = "0.2",
                            _ body: (Int, DaemonProcess, SocketClient) async throws -> Void) async throws {
        let directory = try TestData.temporaryDirectory(name)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try RawConnection.freeTCPPort()
        let daemon = DaemonProcess(directory: directory, extraArguments: [
            "--simulate", "kit", "--no-usb", "--time-scale", timeScale, "--sbi", "--sbi-port", String(port),
        ] + extra)
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            try await body(port, daemon, client)
        } catch {
            Issue.record("daemon log:\n\(daemon.log.suffix(4000))")
            await daemon.stop()
            throw error
        }
        await daemon.stop()
        #expect(daemon.exitStatus == 0, "biocapd did not stop cleanly:\n\(daemon.log.suffix(2000))")
    }

    @Test func answersPassMOSIPSchemasSignaturesTheHashChainAndRecordRules() async throws {
        guard let python = FormatTools.python else {
            if ExternalTool.required { Issue.record(Comment(rawValue: FormatTools.missingReason)) }
            return
        }
        try await Self.withService("sbi-schemas") { port, _, _ in
            let script = TestData.packageRoot.appendingPathComponent("scripts/sbi-check.py").path
            let schemas = TestData.sharedRoot.appendingPathComponent("sbi/schemas/0.9.5").path
            let result = try await SBIWire.offload { try ExternalTool.run(python, [script, "--port", String(port), "--schemas", schemas, "--timeout-ms", "60000"], timeout: 600) }
            #expect(result.status == 0, "sbi-check found problems:\n\(result.output.suffix(6000))")
            let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
            #expect((report?["passed"] as? Int ?? 0) > 150, "too few checks ran:\n\(result.output.suffix(2000))")
        }
    }

    /// The technician's client against the daemon: discovery, info, a slap with an exception and a chained iris capture
    /// verified by `biocapctl sbi` (signatures, chain, formats), the records readable by `biocapctl record inspect`, the
    /// device certificate as the daemon keeps it, and the same key after a restart.
    @Test func biocapctlSBIDrivesTheService() async throws {
        let directory = try TestData.temporaryDirectory("sbi-ctl")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.withService("sbi-ctl-daemon") { port, daemon, _ in
            let ctl: @Sendable ([String]) async throws -> CLIHarness.Result = { arguments in
                try await SBIWire.offload { try CLIHarness.ctl(["sbi"] + arguments, timeout: 180) }
            }
            let discover = try await ctl(["discover", "--port", String(port)])
            #expect(discover.status == 0, "\(discover)")
            #expect(discover.stdout.contains("sim-finger-0") && discover.stdout.contains("Slap") && discover.stdout.contains("Double"), "\(discover)")
            let scan = try await ctl(["discover", "--scan", "--type", "Face"])
            if (4501...4600).contains(port) { #expect(scan.stdout.contains("sim-face-0"), "\(scan)") }
            let info = try await ctl(["info", "--port", String(port)])
            #expect(info.status == 0, "\(info)")
            #expect(info.stdout.contains("Developer") && info.stdout.contains("Ready"), "\(info)")

            let slapDirectory = directory.appendingPathComponent("slap").path
            let slap = try await ctl(["capture", "--port", String(port), "--type", "Finger", "--sub-id", "1", "--count", "3",
                                      "--exception", "Left RingFinger", "--out", slapDirectory, "--json"])
            #expect(slap.status == 0, "\(slap)")
            let files = try FileManager.default.contentsOfDirectory(atPath: slapDirectory).filter { $0.hasSuffix(".iso") }.sorted()
            #expect(files == ["LeftIndexFinger.iso", "LeftLittleFinger.iso", "LeftMiddleFinger.iso"], "\(files)")
            let lastHash = try #require(Self.lastHash(slap.stdout), "no last hash in \(slap.stdout.prefix(800))")

            let irisDirectory = directory.appendingPathComponent("iris").path
            let iris = try await ctl(["capture", "--port", String(port), "--type", "Iris", "--sub-id", "3", "--count", "2",
                                      "--previous-hash", lastHash, "--out", irisDirectory])
            #expect(iris.status == 0, "\(iris)")
            let inspected = try await SBIWire.offload {
                try CLIHarness.ctl(["record", "inspect", (slapDirectory as NSString).appendingPathComponent("LeftIndexFinger.iso")])
            }
            #expect(inspected.status == 0 && inspected.stdout.contains("left-index"), "\(inspected)")

            let cert = try await ctl(["cert", "--port", String(port), "--pem-only"])
            let kept = try String(contentsOfFile: daemon.stateDirectory + "/sbi/sbi-device-certificate.pem", encoding: .utf8)
            #expect(cert.status == 0)
            #expect(cert.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == kept.trimmingCharacters(in: .whitespacesAndNewlines),
                    "the certificate in the answers is the one kept in the state directory")
            let keyMode = try FileManager.default.attributesOfItem(atPath: daemon.stateDirectory + "/sbi/sbi-device-key.pem")[.posixPermissions] as? Int
            #expect(keyMode == 0o600)
        }
    }

    /// The last hash in `biocapctl sbi capture --json` output.
    static func lastHash(_ output: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else { return nil }
        return (object["lastHash"] ?? object["last_hash"]) as? String
    }

    @Test func customVerbsWorkAsRawBytesPipelinedAndSplit() async throws {
        try await Self.withService("sbi-raw") { port, _, _ in
            // Two requests in one packet, then a third split mid-header and mid-body.
            let connection = try RawConnection(tcpPort: port)
            let first = SBIWire.requestBytes("MOSIPDISC", "/device", body: #"{"type":"Finger"}"#, close: false)
                + SBIWire.requestBytes("MOSIPDINFO", "/info", body: "{}", close: false)
            connection.send(bytes: first)
            let third = SBIWire.requestBytes("MOSIPDISC", "/device", body: #"{"type":"Biometric Device"}"#)
            connection.send(bytes: Array(third[..<20]))
            try await Task.sleep(for: .milliseconds(200))
            connection.send(bytes: Array(third[20..<(third.count - 5)]))
            try await Task.sleep(for: .milliseconds(200))
            connection.send(bytes: Array(third[(third.count - 5)...]))
            let received = try await SBIWire.offload { connection.receiveBytes(for: 30) }
            #expect(received.closed, "Connection: close was not honoured")
            let replies = SBIWire.replies(in: received.bytes)
            #expect(replies.map(\.status) == [200, 200, 200])
            #expect((replies.first?.json as? [[String: Any]])?.count == 1, "discovery of Finger lists the one finger scanner")
            #expect((replies.last?.json as? [[String: Any]])?.count == 3, "finger, iris and face; no signature pad")
            #expect((replies.dropFirst().first?.json as? [[String: Any]])?.allSatisfy { $0["deviceInfo"] is String } == true)
            #expect(replies.allSatisfy { $0.header("Access-Control-Allow-Origin") == "*" && $0.header("Cache-Control") == "no-store" })

            // Not SBI: a JSON refusal, and the connection stays usable.
            let other = try await SBIWire.send(port: port, "SOURCE", "/device", body: "{}")
            #expect(other.status == 405)
            #expect(((other.json as? [String: Any])?["error"] as? [String: Any])?["errorCode"] as? String == "510")
            // Not HTTP: 400 and closed.
            let garbage = try RawConnection(tcpPort: port)
            garbage.send(bytes: Array("MOSIPDISC /device HTTP/1.1\r\nContent-Length: x\r\n\r\n".utf8))
            let refused = try await SBIWire.offload { garbage.receiveBytes(for: 10) }
            #expect(refused.closed)
            #expect(String(decoding: refused.bytes.prefix(12), as: UTF8.self) == "HTTP/1.1 400")
            // A preflight names the verbs exactly.
            let preflight = try await SBIWire.send(port: port, "OPTIONS", "/capture", body: "")
            #expect(preflight.header("Access-Control-Allow-Methods") == "MOSIPDISC, MOSIPDINFO, RCAPTURE, CAPTURE, STREAM, OPTIONS")
            #expect(preflight.header("Access-Control-Allow-Private-Network") == "true")
            // Still serving.
            #expect(try await SBIWire.send(port: port, "MOSIPDISC", "/device", body: #"{"type":"Face"}"#).status == 200)
        }
    }

    @Test func listensOnLoopbackOnly() async throws {
        try await Self.withService("sbi-loopback") { port, _, _ in
            // Read to the end: procfs files report size 0, and a busy machine's socket table is many pages long.
            func read(_ path: String) -> String {
                FileHandle(forReadingAtPath: path).map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
            }
            let table = read("/proc/net/tcp") + read("/proc/net/tcp6")
            let portHex = String(format: "%04X", port)
            let listening = table.split(separator: "\n").filter { line in
                let fields = line.split(separator: " ")
                return fields.count > 3 && fields[1].hasSuffix(":" + portHex) && fields[3] == "0A"
            }
            #expect(listening.count == 1, "\(listening)")
            #expect(listening.first.map { $0.split(separator: " ")[1].hasPrefix("0100007F:") } == true, "not bound to 127.0.0.1: \(listening)")
        }
    }

    @Test func aClientThatLeavesMidCaptureCancelsIt() async throws {
        try await Self.withService("sbi-disconnect", extra: ["--scenario", "finger=missing-finger"]) { port, _, client in
            var connection: RawConnection? = try RawConnection(tcpPort: port)
            connection?.send(bytes: SBIWire.requestBytes("RCAPTURE", "/capture",
                                                         body: SBIWire.capture(type: "Finger", device: "sim-finger-0", subID: "1", count: 4, timeoutMilliseconds: 60_000)))
            try await Task.sleep(for: .seconds(1))
            connection = nil  // closes the socket
            _ = connection
            let deadline = ContinuousClock.now + .seconds(45)  // the capture itself would run 60 s
            var state = ""
            while ContinuousClock.now < deadline {
                let list = try await client.get("/v1/captures")
                let captures = (try? JSONSerialization.jsonObject(with: list.body)) as? [String: Any]
                state = ((captures?["captures"] as? [[String: Any]])?.first?["state"] as? String) ?? ""
                if state == "cancelled" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(state == "cancelled", "the capture was not cancelled when its client left (state \(state))")
            let devices = try await SBIWire.send(port: port, "MOSIPDISC", "/device", body: #"{"type":"Finger"}"#)
            #expect((devices.json as? [[String: Any]])?.first?["deviceStatus"] as? String == "Ready")
        }
    }

    @Test func streamSendsJPEGPartsAndACaptureRunsBesideIt() async throws {
        try await Self.withService("sbi-stream", timeScale: "1") { port, _, _ in
            let stream = try RawConnection(tcpPort: port)
            stream.send(bytes: SBIWire.requestBytes("STREAM", "/stream", body: #"{"deviceId":"sim-face-0","deviceSubId":"0","timeout":"30000"}"#))
            let marker = Array("Content-Length:".utf8)
            let before = try await SBIWire.offload {
                stream.receiveBytes(for: 30) { SBIWire.find(marker, in: $0[...]).map { $0 > 0 } ?? false }
            }
            #expect(SBIWire.find(marker, in: before.bytes[...]) != nil, "no frame before the capture")
            // MOSIP's compliance toolkit captures while its stream is open: the capture takes the device over.
            let capture = try await SBIWire.send(port: port, "RCAPTURE", "/capture",
                                                 body: SBIWire.capture(transaction: "with-stream", type: "Face", device: "sim-face-0", subID: "0", count: 1, timeoutMilliseconds: 20_000))
            #expect(capture.captureCodes == ["0"], "\(String(decoding: capture.body.prefix(300), as: UTF8.self))")
            // The stream ends with the capture it was showing, long before its own 30 s.
            let after = try await SBIWire.offload { stream.receiveBytes(for: 20) }
            #expect(after.closed, "the stream did not end with the capture")
            let bytes = before.bytes + after.bytes
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.contains("Content-Type: multipart/x-mixed-replace; boundary=--BoundaryString\r\n"))
            // The frame rate is a benchmark's business, not a loaded test machine's (docs/sbi.md gives the figure).
            let parts = text.components(separatedBy: "--BoundaryString\r\nContent-Type:image/jpeg\r\nContent-Length:").count - 1
            #expect(parts >= 1, "\(parts) frames")
            var jpegStarts = 0
            for index in bytes.indices.dropLast(3) where bytes[index] == 0x0D && bytes[index + 1] == 0x0A
                && bytes[index + 2] == 0xFF && bytes[index + 3] == 0xD8 { jpegStarts += 1 }
            #expect(jpegStarts == parts, "every part is a JPEG after its headers")
            // A stream of an unknown device is refused with 202.
            let none = try await SBIWire.send(port: port, "STREAM", "/stream", body: #"{"deviceId":"nothing","deviceSubId":"0"}"#)
            #expect(((none.json as? [String: Any])?["error"] as? [String: Any])?["errorCode"] as? String == "202")
        }
    }
}
