import AsyncHTTPClient
import Foundation
import NIOCore

/// A small HTTP client for the daemon's Unix socket, as an enrolment app would use it.
struct SocketClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: Data
        var contentType: String?

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw DaemonError("reply is not a JSON object: \(String(decoding: body, as: UTF8.self))")
            }
            return object
        }

        /// `error.code` of an error reply.
        var errorCode: String? { ((try? json())?["error"] as? [String: Any])?["code"] as? String }
    }

    let socketPath: String

    func get(_ path: String, timeout: Duration = .seconds(60)) async throws -> Reply {
        try await send("GET", path, body: nil, timeout: timeout)
    }

    func post(_ path: String, json: Any, headers: [String: String] = [:], timeout: Duration = .seconds(60)) async throws -> Reply {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: json), headers: headers, timeout: timeout)
    }

    func post(_ path: String, raw: Data, headers: [String: String] = [:], timeout: Duration = .seconds(60)) async throws -> Reply {
        try await send("POST", path, body: raw, headers: headers, timeout: timeout)
    }

    /// Sends a GET and returns once the response head has arrived, leaving the body to stream
    /// (Server-Sent Events); `timeout` bounds the whole request, body included.
    func open(_ path: String, timeout: Duration) async throws -> HTTPClientResponse {
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else { throw DaemonError("bad socket path") }
        let request = HTTPClientRequest(url: url.absoluteString)
        return try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
    }

    /// Follows a capture's Server-Sent Events to its `finished` event and returns that event's capture
    /// document: the capture's end is awaited as an event, not polled for.
    func finishedCapture(_ id: String, timeout: Duration = .seconds(240)) async throws -> [String: Any] {
        let response = try await open("/v1/captures/\(id)/events", timeout: timeout)
        guard response.status == .ok else { throw DaemonError("events of capture \(id): HTTP \(response.status.code)") }
        var text = ""
        for try await chunk in response.body {
            text += String(decoding: chunk.readableBytesView, as: UTF8.self)
            // Events end with a blank line; the `finished` one carries the final capture JSON on one data line.
            guard let event = text.range(of: "event: finished\ndata: "),
                  let end = text.range(of: "\n\n", range: event.upperBound..<text.endIndex) else { continue }
            let data = Data(text[event.upperBound..<end.lowerBound].utf8)
            guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw DaemonError("capture \(id): the finished event is not a JSON object")
            }
            return document
        }
        throw DaemonError("the events of capture \(id) ended without a finished event: \(text.suffix(400))")
    }

    func send(_ method: String, _ path: String, body: Data?, headers: [String: String] = [:], timeout: Duration) async throws -> Reply {
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else { throw DaemonError("bad socket path") }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .RAW(value: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let seconds = Int64(timeout.components.seconds)
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(seconds))
        } catch let error where Self.isStaleConnection(error) && (method == "GET" || method == "HEAD") {
            // The daemon closes keep-alive connections idle for `--idle-timeout`; a pooled one it closed just as
            // this request went out fails at once. An idempotent request is sent again, as a client should.
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(seconds))
        }
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: Data(buffer.readableBytesView),
                     contentType: response.headers.first(name: "Content-Type"))
    }

    /// A pooled connection the server had closed: nothing of the request was processed.
    static func isStaleConnection(_ error: any Error) -> Bool {
        if let channel = error as? ChannelError, channel == .ioOnClosedChannel { return true }
        if let client = error as? HTTPClientError, client == .remoteConnectionClosed { return true }
        return false
    }
}
