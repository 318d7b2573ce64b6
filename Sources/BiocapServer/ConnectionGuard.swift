import BiocapAPI
import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Guards one API connection below the router, on the connection's event loop (one instance per connection):
/// - refuses a connection past the cap with 503 `too-many-connections` and closes it;
/// - closes a connection that has not sent a whole request head within the request timeout of becoming ready
///   for one (the idle timeout only notices silence; this also catches a client that trickles bytes), and
///   answers 408 `request-timeout` when a request body does not arrive within the timeout;
/// - gives the HTTP parser's bare 400 (bad request line, unknown method, oversized header …) the API's JSON
///   error body, naming what the parser refused;
/// - closes the connection after a 413 (with `Connection: close`) when the request announced more than 8 MiB or
///   no length, so a client cannot go on streaming into the daemon. A smaller oversized body is read and dropped
///   and the connection kept: a client still uploading must be able to finish and read the answer
///   (AsyncHTTPClient fails the request with "I/O on closed channel" or "remote connection closed" when the
///   server closes while it uploads, even after a complete 413);
/// - holds back a close until the writes before it have reached the socket (bounded by the request timeout): NIO
///   drops writes still queued when a channel closes, so a response whose end was handed on while a slow reader's
///   socket was full was cut off mid-body. Hummingbird closes right after the last write when the daemon shuts down
///   (quiesce) or a response asks for it; an events stream ended by SIGTERM lost its `finished` event that way.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase { case awaitingHead, readingBody, handling, refused }

    private let limiter: ConnectionLimiter
    private let requestTimeout: TimeAmount
    private var admitted = false
    private var phase = Phase.awaitingHead
    private var responding = false
    /// The current request has had its whole answer.
    private var answered = false
    private var timer: Scheduled<Void>?
    private var parserError: HTTPParserError?
    private var pendingBody: ByteBuffer?
    private var closeAfterResponse = false
    /// The current request's `Content-Length`, nil when it has none (chunked).
    private var declaredLength: Int?
    /// Writes handed on toward the socket and not yet written to it (or failed).
    private var writesInFlight = 0
    /// A close asked for while writes were in flight, done once they are written or after the request timeout.
    private var deferredClose: [EventLoopPromise<Void>]?
    private var closeDeadline: Scheduled<Void>?
    /// The largest announced body that is read and dropped after its 413 rather than cut off.
    static let drainLimit = 8 << 20

    init(limiter: ConnectionLimiter, requestTimeout: TimeAmount) {
        self.limiter = limiter
        self.requestTimeout = requestTimeout
    }

    func channelActive(context: ChannelHandlerContext) {
        if limiter.admit() {
            admitted = true
            arm(context)
        } else {
            phase = .refused
            let body = Self.errorBody(code: "too-many-connections",
                                      message: "biocapd is serving its maximum of \(limiter.maximum) connections; try again shortly")
            writeWhole(context, status: .serviceUnavailable, body: body, extra: [.retryAfter: "1"])
            close(context: context, mode: .all, promise: nil)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if admitted {
            admitted = false
            limiter.release()
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        if admitted {
            admitted = false
            limiter.release()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard phase != .refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            phase = .readingBody
            answered = false
            declaredLength = head.headerFields[.contentLength].flatMap { Int($0) }
            arm(context)
        case .end:
            if phase == .readingBody {
                if answered {
                    // Answered before its body was read (an early 4xx): ready for the next request now.
                    phase = .awaitingHead
                    arm(context)
                } else {
                    phase = .handling
                    disarm()
                }
            }
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { parserError = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            responding = true
            if head.status == .badRequest, head.headerFields[.contentLength] == "0", let parserError {
                // Hummingbird's answer to a request the parser refused: the same status, with our error body.
                let body = Self.errorBody(code: "bad-request", message: Self.explain(parserError))
                head.headerFields[.contentType] = "application/json"
                head.headerFields[.contentLength] = "\(body.readableBytes)"
                pendingBody = body
            }
            if head.status == .contentTooLarge, (declaredLength ?? Int.max) > Self.drainLimit {
                head.headerFields[.connection] = "close"
                closeAfterResponse = true
            }
            context.write(wrapOutboundOut(.head(head)), promise: track(context, promise))
        case .body:
            context.write(data, promise: track(context, promise))
        case .end(let trailers):
            if let body = pendingBody {
                pendingBody = nil
                context.write(wrapOutboundOut(.body(body)), promise: track(context, nil))
            }
            context.write(wrapOutboundOut(.end(trailers)), promise: track(context, promise))
            responding = false
            answered = true
            if closeAfterResponse {
                context.flush()
                close(context: context, mode: .all, promise: nil)
            } else if phase == .handling {
                phase = .awaitingHead
                arm(context)
            }
        }
    }

    // MARK: Timer

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: requestTimeout) {
            loopBound.value.handler.timedOut(loopBound.value.context)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func timedOut(_ context: ChannelHandlerContext) {
        timer = nil
        switch phase {
        case .readingBody where !responding && !answered && !closeAfterResponse:
            let seconds = Double(requestTimeout.nanoseconds) / 1e9
            writeWhole(context, status: .requestTimeout,
                       body: Self.errorBody(code: "request-timeout", message: "the request body did not arrive within \(seconds) s"))
            close(context: context, mode: .all, promise: nil)
        case .awaitingHead, .readingBody:
            close(context: context, mode: .all, promise: nil)
        case .handling, .refused:
            break
        }
    }

    // MARK: Answers

    private func writeWhole(_ context: ChannelHandlerContext, status: HTTPResponse.Status, body: ByteBuffer, extra: HTTPFields = [:]) {
        var fields: HTTPFields = [.contentType: "application/json", .contentLength: "\(body.readableBytes)", .connection: "close"]
        fields.append(contentsOf: extra)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: track(context, nil))
    }

    // MARK: Closing after the writes

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, writesInFlight > 0 else {
            context.close(mode: mode, promise: promise)
            return
        }
        if deferredClose != nil {
            if let promise { deferredClose?.append(promise) }
            return
        }
        deferredClose = promise.map { [$0] } ?? []
        context.flush()
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        closeDeadline = context.eventLoop.scheduleTask(in: requestTimeout) {
            loopBound.value.handler.performDeferredClose(loopBound.value.context)
        }
    }

    /// A promise for one write handed on, counted until the socket has taken it.
    private func track(_ context: ChannelHandlerContext, _ promise: EventLoopPromise<Void>?) -> EventLoopPromise<Void> {
        let promise = promise ?? context.eventLoop.makePromise(of: Void.self)
        writesInFlight += 1
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { _ in
            let (handler, context) = loopBound.value
            handler.writesInFlight -= 1
            if handler.writesInFlight == 0 { handler.performDeferredClose(context) }
        }
        return promise
    }

    private func performDeferredClose(_ context: ChannelHandlerContext) {
        guard let waiting = deferredClose else { return }
        deferredClose = nil
        closeDeadline?.cancel()
        closeDeadline = nil
        let closed = context.eventLoop.makePromise(of: Void.self)
        for promise in waiting { closed.futureResult.cascade(to: promise) }
        context.close(mode: .all, promise: closed)
    }

    static func errorBody(code: String, message: String) -> ByteBuffer {
        let document = APIErrorDocument(code: code, message: message)
        return ByteBuffer(bytes: (try? APIJSON.encoder.encode(document)) ?? Data(#"{"error":{"code":"\#(code)","message":"error"}}"#.utf8))
    }

    static func explain(_ error: HTTPParserError) -> String {
        let what = switch error {
        case .invalidMethod: "an unknown HTTP method"
        case .headerOverflow: "a request head larger than the server accepts"
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort: "a malformed request target"
        case .invalidVersion: "an HTTP version other than HTTP/1.x"
        case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected, .invalidConstant: "a malformed request line or header"
        case .invalidContentLength, .unexpectedContentLength: "an invalid Content-Length"
        case .invalidChunkSize: "a malformed chunked body"
        case .invalidEOFState: "a request that ended before its body was complete"
        default: "a request that is not valid HTTP/1.1"
        }
        return "the request could not be parsed: \(what) (\(error)); the connection is closed"
    }
}
