import BiocapTestSupport
import Foundation
import Testing

/// Schema-driven fuzzing of the real daemon over its socket (raw HTTP, so the parser is fuzzed too): no
/// answer is a 5xx, every error carries the JSON error body, and the daemon stays up and healthy.
/// `BIOCAP_FUZZ_REQUESTS` (default 2500: a fresh seed every run, about 8 s of a debug daemon's CPU) and
/// `BIOCAP_FUZZ_SEED` (default: random, printed) set the run; `scripts/fuzz-api` runs a long one.
@Suite struct APIFuzzTests {
    @Test func hostileRequestsGetCleanAnswersAndTheDaemonSurvives() async throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["BIOCAP_FUZZ_REQUESTS"].flatMap(Int.init) ?? 2500
        let seed = environment["BIOCAP_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let openAPI = try String(contentsOf: TestData.packageRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var fuzzer = APIFuzzer(seed: seed, openAPI: openAPI)
        #expect(fuzzer.operations.count >= 20, "operations read from openapi.yaml: \(fuzzer.operations)")

        let directory = try TestData.temporaryDirectory("api-fuzz")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: [
            "--simulate", "kit", "--no-usb", "--time-scale", "0.05", "--idle-timeout", "2", "--log-level", "warning",
        ])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        var statuses: [Int: Int] = [:]
        var failures: [String] = []
        let started = Date()
        for number in 0..<count {
            let request = fuzzer.nextRequest()
            let connection = try RawConnection(socket: daemon.socketPath)
            _ = request.withUnsafeBytes { send(connection.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // Nothing more will come: a request cut short is then answered (or dropped) at once, not at the timeout.
            shutdown(connection.descriptor, Int32(SHUT_WR))
            let isHead = request.starts(with: Array("HEAD ".utf8))
            let answer = connection.receiveResponse(for: 3, headOnly: isHead)
            let status = Self.status(answer.text)
            statuses[status ?? 0, default: 0] += 1
            fuzzer.learn(from: answer.text)
            let shown = String(decoding: request.prefix(300), as: UTF8.self).debugDescription
            if let status, status >= 500 {
                failures.append("#\(number) \(status) for \(shown): \(answer.text.prefix(300))")
            } else if let status, status >= 400, !isHead, RawConnection.errorCode(answer.text) == nil {
                failures.append("#\(number) \(status) without the JSON error body for \(shown): \(answer.text.prefix(300))")
            }
            if number % 250 == 249 {
                let health = try await client.get("/v1/health")
                guard health.status == 200 else {
                    failures.append("health \(health.status) after #\(number)")
                    break
                }
            }
            if failures.count >= 10 { break }
        }
        let alive = try await client.get("/v1/health")
        await daemon.stop()
        #expect(alive.status == 200, "the daemon stopped answering:\n\(daemon.log.suffix(2000))")
        #expect(failures.isEmpty, "seed \(seed):\n\(failures.joined(separator: "\n"))\n\(daemon.log.suffix(2000))")
        #expect(!daemon.log.contains("Fatal error"), "\(daemon.log.suffix(2000))")
        let summary = statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        print("api-fuzz: {\"seed\": \(seed), \"requests\": \(count), \"seconds\": \(Int(Date().timeIntervalSince(started))), "
              + "\"failures\": \(failures.count), \"statuses\": {\(summary)}}")
    }

    /// The status code of a raw HTTP answer, nil when the connection closed without one.
    static func status(_ response: String) -> Int? {
        guard response.hasPrefix("HTTP/1.1 "), response.count >= 12 else { return nil }
        return Int(response.dropFirst(9).prefix(3))
    }
}
