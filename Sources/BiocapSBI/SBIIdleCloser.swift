import NIOCore
import Synchronization

/// Closes an SBI connection that has sent nothing for the idle time while no request of its own is being answered
/// (a capture may take minutes with the client silent; a client that connects and sends nothing, or stops half-way
/// through a request, may not hold one of the listener's connections for ever).
final class SBIIdleCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = SBIInbound
    typealias InboundOut = SBIInbound

    /// Requests received and not yet answered; the connection's task counts answers down.
    let unanswered = Mutex(0)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unanswered.withLock { $0 += 1 }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, unanswered.withLock({ $0 }) == 0 {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Called by the connection's task once an answer has been written.
    func answered() {
        unanswered.withLock { $0 = max(0, $0 - 1) }
    }
}
