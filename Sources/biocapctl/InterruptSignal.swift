import Dispatch
import Foundation

/// Ctrl-C as an async sequence: while one is being iterated SIGINT no longer kills the process but
/// yields an element, so a command can clean up (cancel its capture) first. The dispatch source runs on
/// a global queue; the default action is restored when the iteration ends.
enum InterruptSignal {
    static func stream() -> AsyncStream<Void> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            _ = signal(SIGINT, SIG_IGN)
            let holder = SourceHolder(DispatchSource.makeSignalSource(signal: SIGINT, queue: .global()))
            holder.source.setEventHandler { continuation.yield() }
            holder.source.resume()
            continuation.onTermination = { _ in
                holder.source.cancel()
                _ = signal(SIGINT, SIG_DFL)
            }
        }
    }

    /// Dispatch sources are thread-safe but not marked `Sendable`.
    private final class SourceHolder: @unchecked Sendable {
        let source: any DispatchSourceSignal
        init(_ source: any DispatchSourceSignal) { self.source = source }
    }
}
