import Foundation
import Synchronization

/// Fans values out to any number of `AsyncStream` subscribers. `yield` is synchronous and callable
/// from any thread (frame callbacks run on device tasks); a slow subscriber keeps only its newest
/// `buffer` values, so nobody builds an unbounded backlog.
public final class Broadcaster<Element: Sendable>: Sendable {
    private struct State {
        var subscribers: [UUID: AsyncStream<Element>.Continuation] = [:]
        var finished = false
    }

    private let state = Mutex(State())
    private let buffer: Int

    public init(buffer: Int) {
        self.buffer = max(1, buffer)
    }

    /// A new stream of values yielded from now on — after `initial`, when given (e.g. the latest state, so a late
    /// subscriber does not wait for the next change) — that ends when the broadcaster finishes (at once if it already
    /// has), or when the subscriber stops iterating.
    public func subscribe(startingWith initial: Element? = nil) -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .bufferingNewest(buffer))
        let id = UUID()
        let added = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            // Under the lock: no value yielded meanwhile can come before the initial one.
            if let initial { continuation.yield(initial) }
            state.subscribers[id] = continuation
            return true
        }
        guard added else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    public func yield(_ value: Element) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(value) }
    }

    /// Yields a last value (optional) and ends every stream; later subscribers get an ended stream.
    public func finish(with last: Element? = nil) {
        let subscribers = state.withLock { state -> [AsyncStream<Element>.Continuation] in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers {
            if let last { subscriber.yield(last) }
            subscriber.finish()
        }
    }
}
