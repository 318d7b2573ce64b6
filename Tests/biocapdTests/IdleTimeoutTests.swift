import BiocapTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Held connections cannot pile up: a connection that sends nothing, or stops half-way through a request,
/// is closed after `--idle-timeout`; a long streaming answer (a capture's events) is not, since the caller
/// is then waiting, not sending.
@Suite struct IdleTimeoutTests {
    /// Connects to the socket, sends `bytes`, and returns how long until the daemon closed the connection
    /// (nil when it was still open after `limit`).
    static func secondsUntilClosed(socket path: String, sending bytes: String, limit: Double = 20) throws -> Double? {
        let connection = try RawConnection(socket: path)
        if !bytes.isEmpty { connection.send(bytes) }
        let started = Date()
        return connection.receive(for: limit).closed ? Date().timeIntervalSince(started) : nil
    }

    @Test func idleAndHalfSentConnectionsAreClosedButAStreamIsNot() async throws {
        let directory = try TestData.temporaryDirectory("idle-timeout")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: [
            "--simulate", "face", "--no-usb", "--time-scale", "1", "--idle-timeout", "2",
        ])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            // First, while the health check's pooled connection is fresh: a capture that runs 5 s, more than twice
            // the idle timeout. Its event stream still ends with `finished` (the caller is waiting, not idle).
            let started = try await client.post("/v1/captures", json: [
                "positions": ["face"], "threshold": 100, "timeoutSeconds": 5,
            ])
            let id = try #require(try started.json()["id"] as? String, "\(String(decoding: started.body, as: UTF8.self))")
            let finished = try await client.finishedCapture(id, timeout: .seconds(60))
            #expect(["completed", "failed"].contains(finished["state"] as? String ?? ""), "\(finished)")

            let idle = try Self.secondsUntilClosed(socket: daemon.socketPath, sending: "")
            #expect(idle != nil, "a silent connection was still open after 20 s")
            let halfSent = try Self.secondsUntilClosed(socket: daemon.socketPath, sending: "GET /v1/health HTTP/1.1\r\nHost: biocap\r\n")
            #expect(halfSent != nil, "a connection stuck inside its request head was still open after 20 s")
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }
}
