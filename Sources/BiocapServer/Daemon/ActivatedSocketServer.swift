import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import ServiceLifecycle

/// Serves the API on a listening socket systemd already bound and passed in (`$LISTEN_FDS`), so
/// socket activation works: connections queued before the daemon started are answered, and the
/// socket file (owned by systemd) is never replaced. Hummingbird's `Application` can only bind a
/// path itself, so this runs Hummingbird's HTTP/1 channel over NIO's bound-socket bootstrap.
struct ActivatedSocketServer: Service {
    let descriptor: CInt
    let responder: RouterResponder<BiocapRequestContext>
    /// Timeouts and the per-connection guard (`APIServer.channelConfiguration`).
    let http: HTTP1Channel.Configuration
    let logger: Logger
    /// Called once the socket is being served (sd_notify READY).
    let onServerRunning: @Sendable () async -> Void

    func run() async throws {
        let responder = self.responder, logger = self.logger
        let http = HTTP1Channel(responder: { request, writer, channel in
            let context = BiocapRequestContext(source: .init(channel: channel, logger: logger))
            let response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                response = ErrorMiddleware.response(ErrorMiddleware.apiError(for: error))
            }
            try await writer.write(response: response.head, body: response.body)
        }, configuration: http)
        // Like Hummingbird's own server: on shutdown, stop accepting and close each connection once its
        // current response is written, so idle keep-alive connections do not hold the daemon up.
        let quiescing = ServerQuiescingHelper(group: MultiThreadedEventLoopGroup.singleton)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .bind(NIOBSDSocket.Handle(descriptor)) { channel in http.setup(channel: channel, logger: logger) }
        logger.info("serving the socket passed by systemd", metadata: ["fd": "\(descriptor)"])
        await onServerRunning()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await http.handle(value: connection, logger: logger) }
                    }
                }
            }
        } onGracefulShutdown: {
            quiescing.initiateShutdown(promise: nil)
        }
    }
}
