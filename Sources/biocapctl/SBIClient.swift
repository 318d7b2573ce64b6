import AsyncHTTPClient
import BiocapSBIProtocol
import Foundation
import NIOCore
import NIOHTTP1

/// Talks SBI 0.9.5 to a device service on `http://127.0.0.1:PORT` (biocapd's or any vendor's): the custom verbs
/// with JSON bodies, answers returned as bytes. One per command (`run(_:)` shuts the `HTTPClient` down).
struct SBIClient: Sendable {
    private let http: HTTPClient

    /// Largest answer accepted (an RCAPTURE answer of ten fingers with lossless JPEG 2000 is a few MiB).
    static let maximumBodySize = 64 << 20
    /// MOSIP's registration client gives discovery and device info 5 s.
    static let quickTimeout = TimeAmount.seconds(5)

    private init(http: HTTPClient) { self.http = http }

    /// Runs `body` with a client whose connections give up after `connectTimeout` (short when scanning ports).
    static func run<T: Sendable>(connectTimeout: TimeAmount = .seconds(2), _ body: (SBIClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: connectTimeout)
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let result = try await body(SBIClient(http: http))
            try? await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// `MOSIPDISC /device` with `{"type": type}`.
    func discover(port: Int, type: String) async throws -> [SBIDiscoveryEntry] {
        let bytes = try await call("MOSIPDISC", port: port, path: "/device", body: SBIDiscoverRequest(type: type), timeout: Self.quickTimeout)
        return try decode([SBIDiscoveryEntry].self, bytes, verb: "MOSIPDISC", port: port)
    }

    /// `MOSIPDINFO /info` with `{}` (what MOSIP's clients send).
    func deviceInfo(port: Int) async throws -> [SBIDeviceInfoEntry] {
        let bytes = try await call("MOSIPDINFO", port: port, path: "/info", body: [String: String](), timeout: Self.quickTimeout)
        return try decode([SBIDeviceInfoEntry].self, bytes, verb: "MOSIPDINFO", port: port)
    }

    /// `RCAPTURE /capture`; the answer's bytes, to be checked by `SBICaptureVerifier`.
    func capture(port: Int, request: SBICaptureRequest, timeout: TimeAmount) async throws -> [UInt8] {
        try await call("RCAPTURE", port: port, path: "/capture", body: request, timeout: timeout)
    }

    /// Sends `verb path` with the JSON of `body` and returns the body of a 200 answer (SBI answers errors with 200 too).
    func call(_ verb: String, port: Int, path: String, body: some Encodable, timeout: TimeAmount) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .RAW(value: verb)
        request.headers.add(name: "Content-Type", value: "application/json")
        do {
            request.body = .bytes(ByteBuffer(bytes: try SBIJSON.encode(body)))
        } catch {
            throw CLIError(.failed, "cannot encode the \(verb) request: \(error)")
        }
        do {
            let response = try await http.execute(request, timeout: timeout)
            let bytes = Array(try await response.body.collect(upTo: Self.maximumBodySize).readableBytesView)
            guard response.status == .ok else {
                let text = String(decoding: bytes.prefix(200), as: UTF8.self)
                throw CLIError(.failed, "\(verb) on 127.0.0.1:\(port) answered HTTP \(response.status.code) \(response.status.reasonPhrase)"
                                        + (text.isEmpty ? "" : ": \(text)"))
            }
            return bytes
        } catch let error as CLIError {
            throw error
        } catch is CancellationError {
            throw CLIError(.interrupted, "interrupted")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw CLIError(.failed, "\(verb) on 127.0.0.1:\(port) got no answer within \(timeout.nanoseconds / 1_000_000_000) s")
        } catch let error as IOError {
            throw CLIError(.unreachable, "no SBI service answers on 127.0.0.1:\(port): \(String(cString: strerror(error.errnoCode)))")
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw CLIError(.unreachable, "no SBI service answers on 127.0.0.1:\(port): the connection timed out")
        } catch {
            throw CLIError(.unreachable, "no SBI service answers on 127.0.0.1:\(port): \(error)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], verb: String, port: Int) throws(CLIError) -> T {
        do {
            return try SBIJSON.decode(T.self, from: bytes)
        } catch {
            let text = String(decoding: bytes.prefix(200), as: UTF8.self)
            throw CLIError(.failed, "the \(verb) answer from 127.0.0.1:\(port) is not what SBI 0.9.5 defines (\(error)): \(text)")
        }
    }
}
