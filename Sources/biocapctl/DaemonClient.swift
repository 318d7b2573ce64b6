import AsyncHTTPClient
import BiocapAPI
import Foundation
import NIOCore
import NIOHTTP1

/// Talks HTTP/1.1 to `biocapd` over its Unix socket. One per process (`run(_:_:)` creates it, probes the
/// socket first and shuts the underlying `HTTPClient` down however the body ends). Turns API error bodies
/// and transport failures into `CLIError`s.
struct DaemonClient: Sendable {
    let socketPath: String
    private let http: HTTPClient

    /// Largest non-streamed answer accepted (a packet archive holds a few records).
    static let maximumBodySize = 256 << 20
    static let requestTimeout = TimeAmount.seconds(120)

    private init(socketPath: String, http: HTTPClient) {
        self.socketPath = socketPath
        self.http = http
    }

    /// Runs `body` with a client for the options' socket, after checking the daemon answers there.
    static func run<T: Sendable>(_ options: GlobalOptions, _ body: (DaemonClient) async throws -> T) async throws -> T {
        let path = options.socketPath
        try SocketLocator.probe(path)
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let client = DaemonClient(socketPath: path, http: http)
        do {
            let result = try await body(client)
            try? await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    // MARK: Requests

    /// GET `path` (e.g. `/v1/devices`) and return the body of a 2xx answer.
    func get(_ path: String) async throws -> [UInt8] {
        try await collect(try await send(.GET, path))
    }

    /// POST `path` with a JSON body and return the body of a 2xx answer.
    func post(_ path: String, json body: some Encodable, headers: [(String, String)] = []) async throws -> [UInt8] {
        try await collect(try await send(.POST, path, body: try APIJSON.encoder.encode(body), headers: headers))
    }

    /// POST `path` without a body and return the body of a 2xx answer.
    func post(_ path: String, timeout: TimeAmount = requestTimeout) async throws -> [UInt8] {
        try await collect(try await send(.POST, path, timeout: timeout))
    }

    /// Starts a request whose answer is read as it arrives (events, preview frames); the status is already
    /// checked. `timeout` bounds the whole exchange, body included.
    func stream(_ path: String, timeout: TimeAmount) async throws -> HTTPClientResponse {
        try await send(.GET, path, timeout: timeout)
    }

    private func send(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, headers: [(String, String)] = [], timeout: TimeAmount = requestTimeout
    ) async throws -> HTTPClientResponse {
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else {
            throw CLIError(.usage, "cannot make a URL for socket \(socketPath) and path \(path)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw transportFailure(error)
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let bytes = (try? await response.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
            throw Self.apiError(status: Int(response.status.code), reason: response.status.reasonPhrase, body: bytes)
        }
        return response
    }

    private func collect(_ response: HTTPClientResponse) async throws -> [UInt8] {
        do {
            return Array(try await response.body.collect(upTo: Self.maximumBodySize).readableBytesView)
        } catch {
            throw transportFailure(error)
        }
    }

    /// A failure below HTTP: the daemon went away, or the request timed out.
    func transportFailure(_ error: any Error) -> CLIError {
        if let error = error as? CLIError { return error }
        if error is CancellationError { return CLIError(.interrupted, "interrupted") }
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return CLIError(.failed, "biocapd at \(socketPath) did not answer in time")
        }
        if let error = error as? IOError { return SocketLocator.failure(errno: error.errnoCode, path: socketPath) }
        return CLIError(.unreachable, "lost the connection to biocapd at \(socketPath): \(error)")
    }

    /// The API's `{"error":{"code","message"}}`, or the bare status when the body is something else.
    static func apiError(status: Int, reason: String, body: [UInt8]) -> CLIError {
        if let envelope = try? APIJSON.decoder.decode(APIErrorDocument.self, from: Data(body)) {
            return .api(httpStatus: status, code: envelope.error.code, message: envelope.error.message)
        }
        return .api(httpStatus: status, code: "http-\(status)", message: reason)
    }
}
