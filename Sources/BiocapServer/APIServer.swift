import BiocapAPI
import BiocapCore
import BiocapEngine
import BiocapHandoff
import Foundation
import Hummingbird
import Logging

/// The HTTP/1.1 + JSON API on the local Unix socket: routes, middleware and shared coders.
/// Handlers run on Hummingbird's tasks and reach devices, captures and the queue through their actors.
public struct APIServer: Sendable {
    /// Largest request body accepted (413 beyond).
    public static let maximumBodySize = 1 << 20

    let devices: DeviceManager
    let captures: CaptureManager
    let packets: PacketService
    let policy: AccessPolicy
    /// The delivery to the centre, nil when not configured.
    let uplink: Uplink?
    let startedAt = Date()

    public init(devices: DeviceManager, captures: CaptureManager, packets: PacketService, policy: AccessPolicy, uplink: Uplink? = nil) {
        self.uplink = uplink
        self.devices = devices
        self.captures = captures
        self.packets = packets
        self.policy = policy
    }

    /// Every route, behind the access and error middleware.
    public func router() -> Router<BiocapRequestContext> {
        let router = Router(context: BiocapRequestContext.self)
        let routeMethods = RouteMethods()
        router.add(middleware: ErrorMiddleware(routeMethods: routeMethods))
        router.add(middleware: AccessMiddleware(policy: policy))
        let v1 = router.group("v1")
        v1.get("health") { _, _ in try await self.health() }
        addDeviceRoutes(to: v1)
        addCaptureRoutes(to: v1)
        addPacketRoutes(to: v1)
        addUplinkRoutes(to: v1)
        routeMethods.load(router.routes.map { (path: $0.path.description, method: $0.method.rawValue.uppercased()) })
        return router
    }

    /// `ok`, or `degraded` with every reason: packets lost before this start, a queue that cannot be written
    /// (read-only file system or file, the last write failed) or read.
    func health() async throws -> Response {
        var problems: [HealthProblem] = []
        if let loss = packets.lossAtOpen { problems.append(HealthProblem(code: "queue-packets-missing", message: loss.description)) }
        problems += packets.queue.writeProblems().map { HealthProblem(code: $0.code, message: $0.description) }
        var summary: QueueSummary?
        do {
            summary = try await packets.summary()
        } catch {
            problems.append(HealthProblem(code: "queue-unreadable", message: "the enrolment queue cannot be read: \(error)"))
        }
        let health = HealthReport(status: problems.isEmpty ? "ok" : "degraded", problems: problems.isEmpty ? nil : problems,
                                  version: BiocapVersion.current, uptimeSeconds: Date().timeIntervalSince(startedAt),
                                  devices: await devices.statuses().count, queue: summary)
        return try Self.json(health)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try APIJSON.encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func bytes(_ bytes: [UInt8], contentType: String, filename: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `application/json` or a `+json` type, parameters (charset) aside.
    static func isJSON(mediaType: String) -> Bool {
        let type = mediaType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// An integer query parameter: `fallback` when absent; a value that is not a decimal integer is a 400
    /// naming the parameter (never silently the default).
    static func integer(_ request: Request, _ name: String, default fallback: Int) throws(APIError) -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text) else { throw .invalid(name, "'\(text)' is not a whole number") }
        return value
    }

    /// Decodes a JSON body; malformed JSON or a wrong field is a 400 naming the field.
    /// - Parameter emptyMeans: the value an empty body stands for; without it an empty body is a 400.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: BiocapRequestContext, emptyMeans: T? = nil
    ) async throws -> T {
        let buffer = try await request.body.collect(upTo: maximumBodySize)
        // A body must say it is JSON (or say nothing): a form or text/plain post, the kind a browser page can
        // send through a socket-forwarding proxy without asking, is refused before it is read.
        if buffer.readableBytes > 0, let type = request.headers[.contentType], !isJSON(mediaType: type) {
            throw APIError(status: .unsupportedMediaType, code: "unsupported-media-type",
                           message: "request bodies are JSON: send Content-Type: application/json (got '\(type)')")
        }
        guard buffer.readableBytes > 0 else {
            if let emptyMeans { return emptyMeans }
            throw APIError.invalid("body", "a JSON body is required")
        }
        return try APIJSON.decoder.decode(T.self, from: Data(buffer.readableBytesView))
    }
}
