import BiocapSBIProtocol
import Logging
import NIOCore
import NIOPosix

/// The SBI listener: HTTP/1.1 on 127.0.0.1 only (never another address), on a given port or the first free one in
/// 4501–4600, answering through an `SBIService`. Requests are framed by `SBIHTTPRequestDecoder` (NIO's HTTP decoder
/// refuses SBI's verbs); each connection answers its requests in order, and a client that goes away cancels what its
/// request started.
public struct SBIServer: Sendable {
    let service: SBIService
    let port: Int?
    let maximumConnections: Int
    let idleTimeout: TimeAmount
    let logger: Logger

    /// - Parameters:
    ///   - port: a port to listen on, or nil for the first free one in `SBIConstants.portRange`.
    ///   - maximumConnections: connections served at once; more are closed at once.
    ///   - idleTimeout: how long a connection may send nothing while none of its requests is being answered.
    public init(service: SBIService, port: Int?, maximumConnections: Int = 64, idleTimeout: Duration = .seconds(30),
                logger: Logger = Logger(label: "biocap.sbi")) {
        self.service = service
        self.port = port
        self.maximumConnections = maximumConnections
        self.idleTimeout = .nanoseconds(Int64((idleTimeout / .nanoseconds(1)).rounded()))
        self.logger = logger
    }

    /// Why the listener could not start.
    public enum StartError: Error, CustomStringConvertible {
        case portUnavailable(Int, String)
        case noFreePort(ClosedRange<Int>)

        public var description: String {
            switch self {
            case .portUnavailable(let port, let reason): "SBI port \(port) on 127.0.0.1 is not available: \(reason)"
            case .noFreePort(let range): "no free SBI port on 127.0.0.1 in \(range.lowerBound)–\(range.upperBound)"
            }
        }
    }

    typealias Connection = NIOAsyncChannel<SBIInbound, ByteBuffer>
    typealias Accepted = (connection: Connection, idle: SBIIdleCloser)

    /// Listens and serves until the task is cancelled (then returns once every connection has ended). `onListening`
    /// gets the port once bound (on this task).
    /// - Throws: `StartError` when no port can be bound.
    public func run(onListening: @Sendable (Int) -> Void = { _ in }) async throws {
        let (listener, bound) = try await bind()
        onListening(bound)
        logger.info("SBI device service listening", metadata: ["address": "127.0.0.1:\(bound)"])
        let open = ConnectionCount()
        await withDiscardingTaskGroup { group in
            try? await listener.executeThenClose { connections in
                for try await (connection, idle) in connections {
                    guard open.enter(limit: maximumConnections) else {
                        logger.warning("SBI connection refused: too many open", metadata: ["limit": "\(maximumConnections)"])
                        try? await connection.channel.close()
                        continue
                    }
                    group.addTask {
                        await serve(connection, idle: idle, port: bound)
                        open.leave()
                    }
                }
            }
        }
    }

    private func bind() async throws -> (NIOAsyncChannel<Accepted, Never>, Int) {
        let candidates = port.map { [$0] } ?? Array(SBIConstants.portRange)
        var lastError: (any Error)?
        for candidate in candidates {
            do {
                let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .serverChannelOption(.backlog, value: 64)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelOption(.allowRemoteHalfClosure, value: false)
                    .bind(host: "127.0.0.1", port: candidate) { child in
                        child.eventLoop.makeCompletedFuture {
                            let idle = SBIIdleCloser()
                            try child.pipeline.syncOperations.addHandlers([
                                IdleStateHandler(readTimeout: idleTimeout), ByteToMessageHandler(SBIHTTPRequestDecoder()), idle,
                            ])
                            return (connection: try Connection(wrappingChannelSynchronously: child), idle: idle) as Accepted
                        }
                    }
                return (listener, candidate)
            } catch {
                lastError = error
            }
        }
        if let port { throw StartError.portUnavailable(port, "\(lastError.map { "\($0)" } ?? "bind failed")") }
        throw StartError.noFreePort(SBIConstants.portRange)
    }

    /// Answers a connection's requests in order until it closes, asks to close, or breaks the framing.
    private func serve(_ connection: Connection, idle: SBIIdleCloser, port: Int) async {
        let channel = connection.channel
        do {
            try await connection.executeThenClose { inbound, outbound in
                let write: @Sendable ([UInt8]) async throws -> Void = { bytes in
                    try await outbound.write(ByteBuffer(bytes: bytes))
                }
                for try await item in inbound {
                    switch item {
                    case .malformed(let status, let reason):
                        let body = service.encode(SBIErrorDocument(error: SBIErrorInfo(.malformedRequest, reason)))
                        try await write(SBIHTTPResponse.json(body, status: status).serialized(port: port, keepAlive: false))
                        return
                    case .request(let request):
                        // The client closing its end cancels the answer (a running capture or stream) at once.
                        let answering = Task { await service.answer(request, port: port, write: write) }
                        channel.closeFuture.whenComplete { _ in answering.cancel() }
                        switch await answering.value {
                        case .streamed:
                            return
                        case .response(let response):
                            try await write(response.serialized(port: port, keepAlive: request.keepAlive))
                            idle.answered()
                            if !request.keepAlive { return }
                        }
                    }
                }
            }
        } catch {
            logger.debug("SBI connection ended", metadata: ["error": "\(error)"])
        }
    }
}
