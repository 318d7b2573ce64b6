import Foundation

/// Raw HTTP/1.1 exchanges with the SBI listener: custom verbs sent as bytes, answers parsed by `Content-Length`.
enum SBIWire {
    struct Reply: @unchecked Sendable {
        var status: Int
        var head: String
        var body: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        /// `biometrics[i].error.errorCode` of an RCAPTURE answer.
        var captureCodes: [String] {
            ((json as? [String: Any])?["biometrics"] as? [[String: Any]] ?? []).compactMap { ($0["error"] as? [String: Any])?["errorCode"] as? String }
        }
        func header(_ name: String) -> String? {
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
    }

    static func requestBytes(_ verb: String, _ path: String, body: String, close: Bool = true) -> [UInt8] {
        let payload = Array(body.utf8)
        let head = "\(verb) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(payload.count)\r\n"
            + (close ? "Connection: close\r\n" : "") + "\r\n"
        return Array(head.utf8) + payload
    }

    /// Runs blocking socket work on a thread of its own, not on Swift's cooperative pool: suites run in parallel, and
    /// blocked pool threads would delay every other test's sleeps and awaits by seconds.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Blocking work started on a thread of its own now; `value()` waits for its result.
    final class Running<T: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<T, any Error>?

        init(_ work: @escaping @Sendable () throws -> T) {
            Thread.detachNewThread { [self] in
                result = Result { try work() }
                done.signal()
            }
        }

        func value() async throws -> T {
            try await SBIWire.offload { [self] in
                done.wait()
                done.signal()
                guard let result else { throw DaemonError("no result") }
                return try result.get()
            }
        }
    }

    static func start<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> Running<T> { Running(work) }

    /// One request on its own connection; waits up to `timeout` seconds for the whole answer.
    static func send(port: Int, _ verb: String, _ path: String, body: String, timeout: Double = 60) async throws -> Reply {
        try await offload { try sendBlocking(port: port, verb, path, body: body, timeout: timeout) }
    }

    static func sendBlocking(port: Int, _ verb: String, _ path: String, body: String, timeout: Double) throws -> Reply {
        let connection = try RawConnection(tcpPort: port)
        connection.send(bytes: requestBytes(verb, path, body: body))
        let received = connection.receiveBytes(for: timeout) { !replies(in: $0).isEmpty }
        guard let reply = replies(in: received.bytes).first else {
            throw DaemonError("no complete answer to \(verb) within \(timeout) s: \(String(decoding: received.bytes.prefix(500), as: UTF8.self))")
        }
        return reply
    }

    /// The complete answers at the start of `bytes`, in order.
    static func replies(in bytes: [UInt8]) -> [Reply] {
        var replies: [Reply] = []
        var rest = bytes[...]
        while let split = find([0x0D, 0x0A, 0x0D, 0x0A], in: rest) {
            let head = String(decoding: rest[rest.startIndex..<split], as: UTF8.self)
            let bodyStart = split + 4
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
            guard let length, rest.endIndex - bodyStart >= length else { break }
            let statusText = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            replies.append(Reply(status: Int(statusText) ?? 0, head: head, body: Data(rest[bodyStart..<(bodyStart + length)])))
            rest = rest[(bodyStart + length)...]
        }
        return replies
    }

    static func find(_ pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        var index = bytes.startIndex
        while index <= bytes.endIndex - pattern.count {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    static func capture(transaction: String = "test-0001", type: String, device: String, subID: String, count: Int,
                        exceptions: [String] = [], score: String = "40", timeoutMilliseconds: Int = 10_000, previousHash: String = "") -> String {
        let exceptionList = exceptions.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"env":"Developer","purpose":"Registration","specVersion":"0.9.5","timeout":"\#(timeoutMilliseconds)","captureTime":"2026-12-02T10:00:00.000Z","transactionId":"\#(transaction)","bio":[{"type":"\#(type)","count":"\#(count)","bioSubType":[],"exception":[\#(exceptionList)],"requestedScore":"\#(score)","deviceId":"\#(device)","deviceSubId":"\#(subID)","previousHash":"\#(previousHash)"}],"customOpts":null}"#
    }
}
