import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import ServiceLifecycle

/// Serves the API on a Unix socket through Hummingbird's HTTP/1 channel over NIO's bootstrap: a listening socket
/// systemd already bound and passed in (`$LISTEN_FDS`), so socket activation works (connections queued before the
/// daemon started are answered, and the socket file, owned by systemd, is never replaced), or a path it binds itself.
/// Not Hummingbird's `Application`: that can only bind a path, and its date cache wakes the daemon every second
/// (an idle kit's CPU stays asleep without it; responses carry no `Date` header, which HTTP allows a server without
/// a reliable clock, and nothing here needs).
struct UnixSocketServer: Service {
    /// Where to listen.
    enum Listener: Sendable {
        /// A socket systemd bound and passed in.
        case descriptor(CInt)
        /// A path to bind (a stale socket file from a crash is replaced; `SocketPreparation` refused a live one).
        case path(String)
    }

    let listener: Listener
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
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
        let server: NIOAsyncChannel<HTTP1Channel.Value, Never>
        switch listener {
        case .descriptor(let descriptor):
            server = try await bootstrap.bind(NIOBSDSocket.Handle(descriptor)) { channel in http.setup(channel: channel, logger: logger) }
            logger.info("serving the socket passed by systemd", metadata: ["fd": "\(descriptor)"])
        case .path(let path):
            server = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                http.setup(channel: channel, logger: logger)
            }
        }
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
