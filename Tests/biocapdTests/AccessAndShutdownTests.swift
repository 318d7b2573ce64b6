import BiocapCore
import BiocapTestSupport
import Foundation
import Testing

/// Who may use the socket, and what a caller sees when the daemon is stopped mid-capture.
@Suite(.serialized) struct AccessAndShutdownTests {
    /// Runs `curl` as user `nobody` against the socket (made world-connectable so that only the
    /// daemon's SO_PEERCRED check stands in the way).
    @Test func callersOutsideTheGroupAreRefusedWithForbidden() async throws {
        guard getuid() == 0, let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first(where: FileManager.default.isExecutableFile),
              let curl = ["/usr/bin/curl", "/bin/curl"].first(where: FileManager.default.isExecutableFile) else {
            print("skipped: needs root, runuser and curl to act as another user"); return
        }
        let directory = try TestData.temporaryDirectory("biocapd-access")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face"])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        #expect(chmod(daemon.socketPath, 0o666) == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: runuser)
        process.arguments = ["-u", "nobody", "--", curl, "-s", "-w", "\n%{http_code}", "--unix-socket", daemon.socketPath,
                             "http://localhost/v1/devices"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.hasSuffix("\n403"), "expected 403, got: \(text)")
        #expect(text.contains("\"forbidden\"") && text.contains("uid 65534"))
        #expect(daemon.log.contains("uid=65534"), "requests are logged with the caller's uid")
        #expect(try await client.get("/v1/devices").status == 200, "root is still admitted")
        await daemon.stop()
    }

    @Test func sigtermEndsInFlightCapturesWithShuttingDown() async throws {
        let directory = try TestData.temporaryDirectory("biocapd-term")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "finger", "--time-scale", "0.05"])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        let started = try await client.post("/v1/captures", json: ["positions": ["left-thumb"], "threshold": 100, "timeoutSeconds": 300])
        let id = try #require(try started.json()["id"] as? String, "no capture id: \(String(decoding: started.body, as: UTF8.self))")
        // SIGTERM once the capture is observably running and this caller is subscribed to its events (its
        // first progress event has arrived), then read the stream to its end. Bounded as a whole.
        let outcome = try await withDeadline(after: .seconds(120)) { () async throws -> (stream: String, signalled: Bool) in
            let response = try await client.open("/v1/captures/\(id)/events", timeout: .seconds(120))
            var body = response.body.makeAsyncIterator()
            var bytes: [UInt8] = []
            var text: String { String(decoding: bytes, as: UTF8.self) }
            while !text.contains("event: progress") {
                guard let chunk = try await body.next() else { return (text, false) }
                bytes += chunk.readableBytesView
            }
            async let stopped: Void = daemon.stop(signal: SIGTERM)
            while let chunk = try await body.next() { bytes += chunk.readableBytesView }
            await stopped
            return (text, true)
        }
        await daemon.stop(signal: SIGTERM)
        guard case .finished(let (stream, signalled)) = outcome else {
            Issue.record("the events stream did not end within 120 s of the capture starting; log:\n\(daemon.log.suffix(2000))")
            return
        }
        #expect(signalled, "the events stream ended before the first progress event: \(stream.suffix(600))")
        #expect(stream.contains("event: finished") && stream.contains("\"shutting-down\""), "events: \(stream.suffix(600))")
        #expect(daemon.exitStatus == 0, "clean exit after SIGTERM; log:\n\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("devices and queue closed"))
    }
}
