import BiocapCore
import BiocapDeviceKit
import Synchronization

/// A test device that plays a fixed list of frames, then either ends, fails or keeps the stream
/// open (so a timeout can happen).
///
/// It publishes what happened as `Event`s — a stream started, a frame was yielded, a stream was
/// terminated — so a test awaits the event itself (`waitUntilStreamTerminated()`, `events()`) instead
/// of sleeping and hoping it has happened.
public actor ScriptedDevice: BiometricDevice {
    public enum Ending: Sendable {
        case finish
        case fail(BiocapError)
        case hang
    }

    /// What the device did, in order. Streams are numbered from 1.
    public enum Event: Sendable, Hashable {
        /// `frames(for:)` handed out stream number `stream`.
        case streamStarted(stream: Int)
        /// The frame with this `Frame.index` was yielded on stream `stream`.
        case frameYielded(stream: Int, index: Int)
        /// Stream `stream` ended (finished, failed or its consumer stopped) and the device is free again:
        /// `streamsTerminated` counts it and a new stream may start.
        case streamTerminated(stream: Int)
    }

    /// A wait for an event that did not come within its bound.
    public struct WaitTimedOut: Error, CustomStringConvertible {
        public var description: String
    }

    /// How long the `waitUntil…` helpers wait by default: far longer than any event takes, even on a
    /// loaded machine, so only a broken behaviour reaches it.
    public static let defaultWait: Duration = .seconds(30)

    public let descriptor: DeviceDescriptor
    private let frames: [Frame]
    private let ending: Ending
    private let interval: Duration
    public private(set) var streamsStarted = 0
    public private(set) var streamsTerminated = 0
    private var live = false
    private let log = EventLog()

    public init(modality: Modality, positions: [BiometricPosition], frames: [Frame], ending: Ending = .hang,
         interval: Duration = .milliseconds(1), swipe: Bool? = nil) {
        self.descriptor = DeviceDescriptor(
            id: "scripted-\(modality.rawValue)", modality: modality, vendor: "test", model: "scripted",
            driver: "scripted", simulated: true,
            capabilities: DeviceCapabilities(imageWidth: 4, imageHeight: 4, framesPerSecond: 100, positions: positions, swipe: swipe))
        self.frames = frames
        self.ending = ending
        self.interval = interval
    }

    public func open() async throws(BiocapError) {}
    public func close() async {}
    public func selfTest() async throws(BiocapError) -> DiagnosticReport { DiagnosticReport(device: descriptor, checks: []) }

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        guard !live else { throw BiocapError.deviceBusy(device: descriptor.id) }
        live = true
        streamsStarted += 1
        let number = streamsStarted
        log.record(.streamStarted(stream: number))
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Frame.self)
        let frames = self.frames, ending = self.ending, interval = self.interval, log = self.log
        let producer = Task {
            for frame in frames {
                // Models the device's frame interval.
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                continuation.yield(frame)
                log.record(.frameYielded(stream: number, index: frame.index))
            }
            switch ending {
            case .finish: continuation.finish()
            case .fail(let error): continuation.finish(throwing: error)
            case .hang: while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            }
        }
        continuation.onTermination = { _ in
            producer.cancel()
            Task { await self.streamEnded(number) }
        }
        return stream
    }

    private func streamEnded(_ number: Int) {
        live = false
        streamsTerminated += 1
        log.record(.streamTerminated(stream: number))
    }

    // MARK: Events

    /// Every event so far, then each new one as it happens. Each call is a separate subscription.
    public nonisolated func events() -> AsyncStream<Event> { log.subscribe() }

    /// Every event so far.
    public nonisolated var history: [Event] { log.history }

    /// Returns once the events so far satisfy `condition` (checked after each event, starting with those
    /// already past); throws `WaitTimedOut` naming `what` if that takes longer than `timeout`.
    public nonisolated func waitUntil(
        _ what: String, within timeout: Duration = defaultWait, _ condition: @escaping @Sendable ([Event]) -> Bool
    ) async throws {
        let events = log.subscribe()
        let outcome = try await withDeadline(after: timeout) {
            var seen: [Event] = []
            for await event in events {
                seen.append(event)
                if condition(seen) { return true }
            }
            return false
        }
        guard case .finished(true) = outcome else {
            throw WaitTimedOut(description: "\(descriptor.id): no \(what) within \(timeout); events: \(log.history)")
        }
    }

    /// Returns once `count` streams have started.
    public nonisolated func waitUntilStreamStarted(count: Int = 1, within timeout: Duration = defaultWait) async throws {
        try await waitUntil("stream start #\(count)", within: timeout) { events in
            events.count(where: { if case .streamStarted = $0 { true } else { false } }) >= count
        }
    }

    /// Returns once the frame with `index` has been yielded (on any stream).
    public nonisolated func waitUntilFrameYielded(index: Int, within timeout: Duration = defaultWait) async throws {
        try await waitUntil("frame \(index)", within: timeout) { events in
            events.contains { if case .frameYielded(_, index) = $0 { true } else { false } }
        }
    }

    /// Returns once `count` streams have terminated and the device has been freed of them.
    public nonisolated func waitUntilStreamTerminated(count: Int = 1, within timeout: Duration = defaultWait) async throws {
        try await waitUntil("stream termination #\(count)", within: timeout) { events in
            events.count(where: { if case .streamTerminated = $0 { true } else { false } }) >= count
        }
    }

    /// Frames whose single view has pixel 0 = the score the `ScriptedScorer` will give, `width`×`height` pixels.
    public static func frames(scores: [UInt8], position: BiometricPosition, width: Int = 4, height: Int = 4) -> [Frame] {
        scores.enumerated().map { index, score in
            Frame(index: index, elapsed: .milliseconds(index * 10),
                  views: [FrameView(position: position, image: .gray(GrayImage(width: width, height: height, fill: score)))])
        }
    }
}

/// The device's event history and its live subscribers. Recording is synchronous and callable from any
/// task; a new subscriber first gets the history, so no event can fall between looking and listening.
private final class EventLog: Sendable {
    private struct State {
        var history: [ScriptedDevice.Event] = []
        var subscribers: [AsyncStream<ScriptedDevice.Event>.Continuation] = []
    }

    private let state = Mutex(State())

    func record(_ event: ScriptedDevice.Event) {
        state.withLock { state in
            state.history.append(event)
            state.subscribers.removeAll { subscriber in
                if case .terminated = subscriber.yield(event) { true } else { false }
            }
        }
    }

    func subscribe() -> AsyncStream<ScriptedDevice.Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: ScriptedDevice.Event.self)
        state.withLock { state in
            for event in state.history { continuation.yield(event) }
            state.subscribers.append(continuation)
        }
        return stream
    }

    var history: [ScriptedDevice.Event] { state.withLock { $0.history } }
}
