import Hummingbird
import HummingbirdCore
import NIOCore

extension APIServer {
    /// The HTTP/1 channel every API listener uses: Hummingbird's idle timeout, and a fresh `ConnectionGuard` per
    /// connection (connection cap, request timeout, JSON bodies for the parser's 400, closing after a 413).
    public static func channelConfiguration(idleTimeout: Duration, limiter: ConnectionLimiter) -> HTTP1Channel.Configuration {
        let timeout = TimeAmount(idleTimeout)
        // The guard's timer acts first (it can still answer 408 for a stalled body); Hummingbird's idle timer,
        // a second later, stays as a backstop.
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(limiter: limiter, requestTimeout: timeout)],
            idleTimeout: timeout + .seconds(1))
    }
}
