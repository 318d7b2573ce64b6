import BiocapCore
import BiocapDeviceKit
import BiocapQuality
import Foundation

/// Runs one signature capture on one pad: collects pen samples, reports live quality, and ends when the signer has
/// lifted the pen for the request's `penUpTimeout` after writing, on an explicit finish, at the timeout (with what was
/// written), or on an error. A clear starts over on the same pad.
///
/// `run` may be called from any task; cancelling that task cancels the capture and frees the pad.
public struct SignatureSession: Sendable {
    /// What the operator or the enrolment app asks of a running signature capture.
    public enum Command: Sendable, Equatable {
        /// End now and keep what was written.
        case finish
        /// Throw away what was written and start over (the pad's screen is cleared and prompts again).
        case clear
    }

    /// How a signature capture ended.
    public enum Ending: Sendable, Equatable {
        case completed(CaptureResult)
        /// The pad failed or vanished (or the capture was cancelled) after ink was written: the error, and the signature
        /// as far as it got.
        case interrupted(BiocapError, partial: CaptureResult)
        case failed(BiocapError)
    }

    public let pad: any SignaturePad
    public let request: CaptureRequest
    private let render: @Sendable (SignatureTrace) -> CapturedImage
    private let tick: Duration

    /// - Parameters:
    ///   - render: draws the finished signature for the result's image (the card image and the API's preview).
    ///   - tick: how often lifted-pen and timeout are checked and live progress is sent while samples are quiet.
    public init(pad: any SignaturePad, request: CaptureRequest, render: @escaping @Sendable (SignatureTrace) -> CapturedImage,
                tick: Duration = .milliseconds(100)) {
        self.pad = pad
        self.request = request
        self.render = render
        self.tick = tick
    }

    private enum Event: Sendable {
        case sample(PenPoint)
        case ended((any Error)?)
        case command(Command)
        case tick
    }

    /// Runs the capture. `commands` are read until the capture ends; `progress` is called on the consuming task with
    /// the live quality of what is written so far (one view, `signature`; `frameIndex` counts samples).
    public func run(commands: AsyncStream<Command>, progress: @escaping @Sendable (CaptureProgress) -> Void = { _ in }) async -> Ending {
        let descriptor = await pad.descriptor
        do { _ = try request.admit(on: descriptor) } catch { return .failed(error) }
        let geometry = await pad.geometry
        let samples: AsyncThrowingStream<PenPoint, any Error>
        do { samples = try await pad.penSamples(for: request) } catch { return .failed(error) }
        await pad.show(.signHere)
        let (events, sink) = AsyncStream<Event>.makeStream()
        let tick = self.tick
        let ending = await withTaskGroup(of: Void.self) { group -> Ending in
            group.addTask {
                do {
                    for try await sample in samples { sink.yield(.sample(sample)) }
                    sink.yield(.ended(nil))
                } catch {
                    sink.yield(.ended(error))
                }
            }
            group.addTask { for await command in commands { sink.yield(.command(command)) } }
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: tick) } catch { return }
                    sink.yield(.tick)
                }
            }
            defer {
                group.cancelAll()
                sink.finish()
            }
            return await consume(events, geometry: geometry, device: descriptor, progress: progress)
        }
        await pad.show(.blank)
        return ending
    }

    private func consume(_ events: AsyncStream<Event>, geometry: PadGeometry, device: DeviceDescriptor,
                         progress: @Sendable (CaptureProgress) -> Void) async -> Ending {
        let penUp = request.penUpTimeout ?? CaptureRequest.defaultPenUpTimeout
        let clock = ContinuousClock()
        var writing = SignatureInProgress(geometry: geometry, startedAt: Date(), startedOn: clock.now)
        let quality = SignatureQuality()
        var reported = 0
        func report() {
            guard writing.samples.count != reported else { return }
            reported = writing.samples.count
            let report = quality.assess(writing.trace)
            progress(CaptureProgress(
                frameIndex: writing.samples.count - 1, elapsed: writing.samples.last?.time ?? .zero,
                views: [ViewScore(position: .signature, score: report.score, acceptable: report.score >= request.threshold,
                                  guidance: Self.liveGuidance(report.guidance, writing: writing))],
                bestScores: [BiometricPosition.signature.name: report.score]))
        }
        for await event in events {
            switch event {
            case .sample(let sample):
                writing.add(sample, at: clock.now)
                if writing.samples.count % 20 == 0 { report() }
                if writing.penLiftedOnDevice(for: penUp) { return finished(writing, device: device) }
            case .tick:
                report()
                if writing.penLifted(for: penUp, now: clock.now) { return finished(writing, device: device) }
                if clock.now - writing.startedOn >= request.timeout {
                    guard writing.hasInk else {
                        return .failed(.timedOut(device: device.id, reason: "the pen did not write on the pad within \(request.timeout)"))
                    }
                    return finished(writing, device: device)
                }
            case .command(.finish):
                guard writing.hasInk else { return .failed(.signatureEmpty(device: device.id)) }
                return finished(writing, device: device)
            case .command(.clear):
                writing = SignatureInProgress(geometry: geometry, startedAt: Date(), startedOn: clock.now)
                reported = 0
                await pad.show(.blank)
                await pad.show(.signHere)
            case .ended(let error):
                let failure = error.map { CaptureSession.biocapError($0, device: device.id) }
                if Task.isCancelled || failure == .cancelled { return cancelled(writing, device: device) }
                guard writing.hasInk else {
                    return .failed(failure ?? .timedOut(device: device.id, reason: "the pad stopped sending before anything was written"))
                }
                guard let failure else { return finished(writing, device: device) }
                guard case .completed(let partial) = finished(writing, device: device) else { return .failed(failure) }
                return .interrupted(failure, partial: partial)
            }
        }
        return cancelled(writing, device: device)
    }

    /// Cancelled from outside: by the operator (the caller drops what was written), or because the pad was unplugged
    /// and the daemon noticed first (the caller keeps it, as for a pad that fails mid-signature).
    private func cancelled(_ writing: SignatureInProgress, device: DeviceDescriptor) -> Ending {
        guard writing.hasInk, case .completed(let partial) = finished(writing, device: device) else { return .failed(.cancelled) }
        return .interrupted(.cancelled, partial: partial)
    }

    /// Advice while the signer is still writing: what can be acted on now (the box edge, too fast for the pad), and
    /// "touch the pad" only after a second of hovering with no ink. "Sign again" is for the finished signature: half a
    /// signature is always incomplete.
    static func liveGuidance(_ guidance: [Guidance], writing: SignatureInProgress) -> [Guidance] {
        guidance.filter { advice in
            switch advice {
            case .signAgain: false
            case .pressOnPad: !writing.hasInk && (writing.samples.last?.time ?? .zero) >= .seconds(1)
            default: true
            }
        }
    }

    private func finished(_ writing: SignatureInProgress, device: DeviceDescriptor) -> Ending {
        let trace = writing.signature
        let report = SignatureQuality().assess(trace)
        let result = CaptureResult(
            position: .signature, image: render(trace), quality: report, belowThreshold: report.score < request.threshold,
            frameIndex: max(0, trace.samples.count - 1), framesScored: writing.samples.count, device: device,
            startedAt: writing.startedAt, capturedAt: Date(), signature: trace)
        return .completed(result)
    }
}
