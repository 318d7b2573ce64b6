import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis
import Synchronization

/// The sample loop of the simulated signature pad. Pull-driven like `SimulatedStream`: each sample is handed out when
/// the consumer asks for it, after waiting until its due time (its device time × `timeScale`; no wait when `timeScale`
/// is 0), so the samples never depend on how fast the consumer reads. Runs in the consumer's task.
///
/// After the pen has left the pad's range, a real pad sends nothing until the pen comes back: the stream then stays
/// silent (it does not end) until the consumer stops iterating or cancels, or the pad is closed; a cancelled wait
/// frees the pad at once, even while the consumer still holds the stream. Scenario faults:
/// `unplug` ends it with `deviceDisconnected` once ~1 s of writing has been handed out, `transferTimeout` with
/// `transferTimeout` after ~1.5 s of writing.
enum PenSampleStream {
    /// Seconds after the first touch at which the fault scenarios strike.
    static let unplugAfter = 1.0
    static let timeoutAfter = 1.5
    /// The interrupt-IN endpoint a simulated HID pad's timeout names.
    static let penEndpoint: UInt8 = 0x81
    /// How often a silent stream looks whether the pad was closed.
    static let silencePoll: Duration = .milliseconds(50)

    static func make(
        device: String, timeline: SignatureTimeline, options: SimulationOptions, lease: StreamLease,
        finished: @escaping @Sendable (SimulatedStream.End) async -> Void
    ) -> AsyncThrowingStream<PenPoint, any Error> {
        let producer = Producer(lease: lease)
        let fault = failure(device: device, timeline: timeline, scenario: options.scenario)
        let samples = timeline.samples
        return AsyncThrowingStream(unfolding: {
            let index = producer.take()
            guard !lease.isEnded else { return nil }
            if let fault, index >= fault.index {
                await finished(fault.end)
                throw fault.error
            }
            guard index < samples.count else {
                // The pen is gone: nothing more until the consumer gives up or the pad is closed.
                while !lease.isEnded {
                    do { try await Task.sleep(for: silencePoll) } catch {
                        lease.end()
                        return nil
                    }
                }
                return nil
            }
            let sample = samples[index]
            if options.timeScale > 0 {
                let due = producer.start + (sample.time * options.timeScale)
                do { try await ContinuousClock().sleep(until: due) } catch {
                    lease.end()
                    return nil
                }
            }
            guard !lease.isEnded else { return nil }
            return sample
        })
    }

    /// The sample index at which the scenario's fault strikes (every earlier sample is handed out), and its error.
    private static func failure(device: String, timeline: SignatureTimeline, scenario: SimulationScenario)
        -> (index: Int, error: BiocapError, end: SimulatedStream.End)?
    {
        let after: Double, error: BiocapError, end: SimulatedStream.End
        switch scenario {
        case .unplug: (after, error, end) = (unplugAfter, .deviceDisconnected(device: device), .unplugged)
        case .transferTimeout: (after, error, end) = (timeoutAfter, .transferTimeout(device: device, endpoint: penEndpoint), .failed)
        default: return nil
        }
        // Counted from the first touch; a pen that never touches is unplugged as long after it came into range.
        let origin = timeline.firstInk.map { timeline.samples[$0].time } ?? .zero
        let strike = origin + .milliseconds(Int64(after * 1000))
        let index = timeline.samples.firstIndex { $0.time >= strike } ?? timeline.samples.count
        return (index, error, end)
    }

    /// The stream's position; when the stream lets go of it (consumer gone, cancelled, finished) its deinit frees the pad.
    private final class Producer: Sendable {
        let lease: StreamLease
        let start = ContinuousClock.now
        private let next = Mutex(0)

        init(lease: StreamLease) { self.lease = lease }

        /// The index of the next sample to hand out.
        func take() -> Int {
            next.withLock { index in
                defer { index += 1 }
                return index
            }
        }

        deinit { lease.end() }
    }
}
