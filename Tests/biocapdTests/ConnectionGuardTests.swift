import BiocapTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Connections the daemon cannot be held hostage by: a cap with a clear refusal, a bound on the time to send
/// a request, JSON for the HTTP parser's own 400s, and no busy loop when descriptors run out.
@Suite struct ConnectionGuardTests {
    static func withDaemon(
        _ extra: [String], launcher: [String] = [], _ body: (DaemonProcess, SocketClient) async throws -> Void
    ) async throws {
        let directory = try TestData.temporaryDirectory("connection-guard")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb"] + extra, launcher: launcher)
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            try await body(daemon, client)
        } catch {
            Issue.record("daemon log:\n\(daemon.log.suffix(3000))")
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    @Test func connectionsPastTheCapAreRefusedWith503() async throws {
        try await Self.withDaemon(["--max-connections", "4"]) { daemon, client in
            var held: [RawConnection] = []
            var refusals: [String] = []
            for _ in 0..<7 {
                let connection = try RawConnection(socket: daemon.socketPath)
                let answer = connection.receive(for: 0.4)
                if answer.closed { refusals.append(answer.text) } else { held.append(connection) }
            }
            // At most 4 held (one may be the test client's pooled connection), every other one refused clearly.
            #expect(held.count <= 4 && refusals.count >= 3, "held \(held.count), refused \(refusals.count)")
            for refusal in refusals {
                #expect(refusal.hasPrefix("HTTP/1.1 503"), "\(refusal)")
                #expect(RawConnection.errorCode(refusal) == "too-many-connections", "\(refusal)")
            }
            // The held ones are served normally, and once they go, new connections are admitted again.
            let first = try #require(held.first)
            first.send("GET /v1/health HTTP/1.1\r\nHost: biocap\r\nConnection: close\r\n\r\n")
            #expect(first.receive(for: 10).text.hasPrefix("HTTP/1.1 200"))
            held.removeAll()
            try await Task.sleep(for: .milliseconds(200))
            let later = try RawConnection(socket: daemon.socketPath)
            later.send("GET /v1/health HTTP/1.1\r\nHost: biocap\r\nConnection: close\r\n\r\n")
            #expect(later.receive(for: 10).text.hasPrefix("HTTP/1.1 200"))
            _ = client
        }
    }

    @Test func aClientTricklingItsRequestIsCutOffAndASlowBodyGets408() async throws {
        try await Self.withDaemon(["--idle-timeout", "1"]) { daemon, _ in
            // One byte every 0.2 s: never idle for a second, but no whole head after 1 s either.
            let trickler = try RawConnection(socket: daemon.socketPath)
            let head = Array("GET /v1/health HTTP/1.1\r\nHost: biocap\r\nX-Padding: \(String(repeating: "a", count: 200))\r\n\r\n")
            let started = Date()
            var cutOff: Double?
            for character in head {
                guard trickler.send(String(character)) else { cutOff = Date().timeIntervalSince(started); break }
                if trickler.receive(for: 0.2).closed { cutOff = Date().timeIntervalSince(started); break }
            }
            let seconds = try #require(cutOff, "a trickled request head was served after \(Date().timeIntervalSince(started)) s")
            #expect(seconds < 4, "cut off only after \(seconds) s")

            // A head that says 100 bytes of body, then 10: 408 with the JSON error, and the connection closed.
            let slowBody = try RawConnection(socket: daemon.socketPath)
            slowBody.send("POST /v1/packets HTTP/1.1\r\nHost: biocap\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"enrolme")
            let answer = slowBody.receive(for: 5)
            #expect(answer.closed && answer.text.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(RawConnection.errorCode(answer.text) == "request-timeout", "\(answer.text)")
        }
    }

    @Test(arguments: [
        ("BREW /v1/health HTTP/1.1\r\nHost: biocap\r\n\r\n", "unknown HTTP method"),
        ("GET /v1/health HTTP/1.1\r\nHost: biocap\r\nX-Big: \(String(repeating: "x", count: 200_000))\r\n\r\n", "larger than"),
        ("GET /v1/health HTTP/1.1\r\nHost: biocap\r\nContent-Length: nope\r\n\r\n", "Content-Length"),
        ("GET /v1/health HTTP/1.1\r\nBad Header\r\n\r\n", "malformed"),
    ])
    func requestsTheParserRefusesGetTheJSONErrorBody(_ request: String, _ mentions: String) async throws {
        try await Self.withDaemon([]) { daemon, _ in
            let connection = try RawConnection(socket: daemon.socketPath)
            connection.send(request)
            let answer = connection.receive(for: 10)
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text.prefix(300))")
            #expect(answer.text.lowercased().contains("content-type: application/json"), "\(answer.text.prefix(300))")
            #expect(RawConnection.errorCode(answer.text) == "bad-request", "\(answer.text.prefix(300))")
            let message = ((RawConnection.jsonBody(answer.text)?["error"] as? [String: Any])?["message"] as? String) ?? ""
            #expect(message.contains(mentions), "\(message)")
            #expect(answer.closed)
        }
    }

    @Test func aBodyCutShortIs400NotAServerError() async throws {
        // Found by the fuzzer: the client announces 100 bytes, sends 10 and closes its side.
        try await Self.withDaemon([]) { daemon, _ in
            let connection = try RawConnection(socket: daemon.socketPath)
            connection.send("POST /v1/packets HTTP/1.1\r\nHost: biocap\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"enrolme")
            shutdown(connection.descriptor, Int32(SHUT_WR))
            let answer = connection.receiveResponse(for: 10)
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text.prefix(300))")
            #expect(RawConnection.errorCode(answer.text) == "bad-request", "\(answer.text.prefix(300))")
        }
    }

    @Test func anOversizedBodyGets413AndTheConnectionCloses() async throws {
        try await Self.withDaemon([]) { daemon, _ in
            // Announced 64 MiB: 413 with Connection: close, and the connection closed at once.
            let huge = try RawConnection(socket: daemon.socketPath)
            huge.send("POST /v1/packets HTTP/1.1\r\nHost: biocap\r\nContent-Type: application/json\r\nContent-Length: \(64 << 20)\r\n\r\n")
            huge.send(String(repeating: " ", count: 2 << 20))
            let answer = huge.receive(for: 10)
            #expect(answer.text.hasPrefix("HTTP/1.1 413"), "\(answer.text.prefix(300))")
            #expect(answer.text.lowercased().contains("connection: close"), "\(answer.text.prefix(300))")
            #expect(RawConnection.errorCode(answer.text) == "body-too-large")
            #expect(answer.closed)

            // Announced 3 MiB: the client may finish sending it and read the 413 (the connection stays usable).
            let modest = try RawConnection(socket: daemon.socketPath)
            modest.send("POST /v1/packets HTTP/1.1\r\nHost: biocap\r\nContent-Type: application/json\r\nContent-Length: \(3 << 20)\r\n\r\n")
            #expect(modest.send(String(repeating: " ", count: 3 << 20)))
            let late = modest.receiveResponse(for: 10)
            #expect(late.text.hasPrefix("HTTP/1.1 413") && !late.closed, "\(late.text.prefix(300))")
        }
    }

    @Test func runningOutOfDescriptorsNeitherSpinsNorStopsService() async throws {
        // 100 descriptors: the cap becomes 36 (64 kept back), so 80 idle connections never reach EMFILE.
        try await Self.withDaemon([], launcher: ["/usr/bin/prlimit", "--nofile=100:100"]) { daemon, _ in
            var connections: [RawConnection] = []
            for _ in 0..<80 { connections.append(try RawConnection(socket: daemon.socketPath)) }
            try await Task.sleep(for: .milliseconds(500))
            let before = try Self.cpuSeconds(daemon.pid)
            try await Task.sleep(for: .seconds(2))
            let used = try Self.cpuSeconds(daemon.pid) - before
            #expect(used < 0.5, "the daemon used \(used) s of CPU in 2 s with its connections full")
            let refused = connections.filter { $0.receive(for: 0.05).closed }.count
            #expect(refused >= 40, "only \(refused) of 80 refused")
            connections.removeAll()
            try await Task.sleep(for: .milliseconds(300))
            let health = try RawConnection(socket: daemon.socketPath)
            health.send("GET /v1/health HTTP/1.1\r\nHost: biocap\r\nConnection: close\r\n\r\n")
            #expect(health.receive(for: 10).text.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// User plus system CPU time of a process so far, from `/proc/PID/stat`.
    static func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let end = stat.lastIndex(of: ")") else { throw DaemonError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        // After the command: state is field 3, utime 14 and stime 15 (1-based over the whole line).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw DaemonError("unexpected /proc/\(pid)/stat: \(stat)")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
