import BiocapCore
import BiocapQuality
import BiocapDeviceKit
import BiocapImaging
import Foundation

/// Runs one capture on one device: scores every frame, reports progress, and ends when every wanted
/// position has a frame at the threshold, or at the timeout with the best frame seen (flagged
/// `belowThreshold`), or with a `BiocapError` on cancel, unplug or device failure.
///
/// On a swipe sensor (`capabilities.swipe`) each frame is one whole swipe: a swipe below the threshold
/// gets the guidance `swipeAgain` first, and a swipe too short to assemble arrives as a frame with no
/// image and `swipeSlower`, reported in the progress and not scored.
///
/// `run` may be called from any task; cancelling that task cancels the capture and frees the device.
public struct CaptureSession: Sendable {
    public let device: any BiometricDevice
    public let request: CaptureRequest
    private let makeScorer: @Sendable () -> any FrameScoring
    private let waitForTimeout: @Sendable (Duration) async throws -> Void

    /// - Parameters:
    ///   - makeScorer: builds the scorer the session uses; called once, on the consuming task.
    ///   - waitForTimeout: returns when the request's timeout has passed (tests substitute a gate).
    public init(
        device: any BiometricDevice, request: CaptureRequest, makeScorer: @escaping @Sendable () -> any FrameScoring,
        waitForTimeout: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.device = device
        self.request = request
        self.makeScorer = makeScorer
        self.waitForTimeout = waitForTimeout
    }

    /// The positions that must be captured: requested ones not recorded as exceptions.
    public var wantedPositions: [BiometricPosition] { request.wantedPositions }

    /// Runs the capture. `onFrame` sees every frame before it is scored (for live preview);
    /// `progress` is called after each frame is scored. Both are called on the consuming task.
    /// - Returns: one result per wanted position, in request order.
    /// - Throws: `BiocapError` (`invalidRequest`, `deviceBusy`, `deviceNotOpen`, `deviceDisconnected`,
    ///   `transferTimeout`, `cancelled`, `timedOut`, `fingersMissing` …).
    public func run(
        onFrame: @escaping @Sendable (Frame) -> Void = { _ in },
        progress: @escaping @Sendable (CaptureProgress) -> Void = { _ in }
    ) async throws(BiocapError) -> [CaptureResult] {
        let descriptor = await device.descriptor
        let wanted = try request.admit(on: descriptor)

        let stream: AsyncThrowingStream<Frame, any Error>
        stream = try await device.frames(for: request)

        let tracker = BestFrameTracker(wanted: wanted)
        let startedAt = Date()
        let outcome = await race(stream: stream, tracker: tracker, descriptor: descriptor, onFrame: onFrame, progress: progress)
        if Task.isCancelled { throw BiocapError.cancelled }
        switch outcome {
        case .failed(let error):
            throw error
        case .satisfied, .timedOut, .streamEnded:
            return try results(from: tracker, outcome: outcome, descriptor: descriptor, startedAt: startedAt)
        }
    }

    enum Outcome: Sendable {
        case satisfied
        case timedOut
        case streamEnded
        case failed(BiocapError)
    }

    private func race(
        stream: AsyncThrowingStream<Frame, any Error>, tracker: BestFrameTracker, descriptor: DeviceDescriptor,
        onFrame: @escaping @Sendable (Frame) -> Void, progress: @escaping @Sendable (CaptureProgress) -> Void
    ) async -> Outcome {
        let request = self.request
        let makeScorer = self.makeScorer, waitForTimeout = self.waitForTimeout
        do {
            let raced = try await withDeadline({ try await waitForTimeout(request.timeout) }) {
                await Self.consume(stream, request: request, tracker: tracker, scorer: makeScorer(),
                                   device: descriptor.id, swipe: descriptor.capabilities.swipe == true,
                                   onFrame: onFrame, progress: progress)
            }
            switch raced {
            case .finished(let outcome): return outcome
            case .deadlinePassed: return .timedOut
            }
        } catch {
            return .failed(.cancelled)
        }
    }

    private static func consume(
        _ stream: AsyncThrowingStream<Frame, any Error>, request: CaptureRequest, tracker: BestFrameTracker,
        scorer: any FrameScoring, device: String, swipe: Bool, onFrame: @Sendable (Frame) -> Void,
        progress: @Sendable (CaptureProgress) -> Void
    ) async -> Outcome {
        let wanted = Set(tracker.wanted)
        do {
            for try await frame in stream {
                onFrame(frame)
                if frame.views.isEmpty, !frame.guidance.isEmpty {
                    // Advice without an image (a swipe too short): reported, nothing scored.
                    progress(CaptureProgress(frameIndex: frame.index, elapsed: frame.elapsed,
                                             views: tracker.wanted.map { ViewScore(position: $0, score: 0, acceptable: false, guidance: frame.guidance) },
                                             bestScores: tracker.bestScores))
                    continue
                }
                var views: [ViewScore] = []
                for view in frame.views where wanted.contains(view.position) {
                    var candidate = evaluate(view, frameIndex: frame.index, request: request, scorer: scorer)
                    // One image per swipe: a swipe not good enough is answered with "swipe again".
                    if swipe, !candidate.acceptable, !candidate.quality.guidance.contains(.swipeAgain) {
                        candidate.quality.guidance.insert(.swipeAgain, at: 0)
                    }
                    tracker.offer(candidate, for: view.position)
                    views.append(ViewScore(position: view.position, score: candidate.quality.score,
                                           acceptable: candidate.acceptable, guidance: candidate.quality.guidance,
                                           fingers: candidate.fingerScores))
                }
                tracker.countFrame()
                progress(CaptureProgress(frameIndex: frame.index, elapsed: frame.elapsed, views: views,
                                         bestScores: tracker.bestScores))
                if tracker.isSatisfied { return .satisfied }
            }
        } catch {
            return .failed(biocapError(error, device: device))
        }
        return Task.isCancelled ? .failed(.cancelled) : .streamEnded
    }

    private static func evaluate(
        _ view: FrameView, frameIndex: Int, request: CaptureRequest, scorer: any FrameScoring
    ) -> BestFrameTracker.Candidate {
        var quality = scorer.assess(view)
        var fingersFound: Int?
        var fingersExpected: Int?
        if case .finger(let finger) = view.position, finger.isSlap, let found = quality.metric("fingers-found") {
            let excepted = Set(request.exceptions.map(\.position))
            fingersExpected = finger.fingers.filter { !excepted.contains(.finger($0)) }.count
            fingersFound = Int(found)
            // With nothing on the platen the advice is to place the fingers, not that one is missing.
            if Int(found) > 0, Int(found) < fingersExpected ?? 0, !quality.guidance.contains(.fingerMissing) {
                quality.guidance.insert(.fingerMissing, at: 0)
            }
        }
        let fingersComplete = (fingersFound ?? 0) >= (fingersExpected ?? 0)
        return .init(image: view.image, fullResolution: view.fullResolution, quality: quality, frameIndex: frameIndex, capturedAt: Date(),
                     acceptable: quality.score >= request.threshold && fingersComplete,
                     fingersFound: fingersFound, fingersExpected: fingersExpected,
                     fingerScores: fingerScores(quality, position: view.position, request: request))
    }

    /// A slap frame's per-finger scores (the scorer's, left to right in the image), named by the slap's layout without
    /// the excepted fingers; nil unless exactly the expected number of fingers was scored.
    private static func fingerScores(_ quality: QualityReport, position: BiometricPosition, request: CaptureRequest) -> [FingerScore]? {
        guard case .finger(let slap) = position, slap.isSlap else { return nil }
        let excepted = Set(request.exceptions.map(\.position))
        let expected = slap.fingers.filter { !excepted.contains(.finger($0)) }
        var scores: [Int] = []
        while let value = quality.metric(MetricName.fingerScore(scores.count + 1)) { scores.append(Int(value.rounded())) }
        guard !scores.isEmpty, scores.count == expected.count else { return nil }
        return zip(expected, scores).map { FingerScore(position: $0, score: $1) }
    }

    private func results(
        from tracker: BestFrameTracker, outcome: Outcome, descriptor: DeviceDescriptor, startedAt: Date
    ) throws(BiocapError) -> [CaptureResult] {
        let (best, framesScored) = tracker.snapshot
        return try tracker.wanted.map { position throws(BiocapError) in
            guard let candidate = best[position] else {
                let reason = outcome == .streamEnded ? "the device stopped streaming" : "no frame showed \(position.name) within \(request.timeout)"
                throw .timedOut(device: descriptor.id, reason: reason)
            }
            if let found = candidate.fingersFound, let expected = candidate.fingersExpected, found < expected {
                throw .fingersMissing(position: position.name, expected: expected, found: found)
            }
            var quality = candidate.quality
            let image = try Self.fullResolution(of: candidate, device: descriptor.id)
            var segmentation: SlapSegmentation?
            if case .finger(let slap) = position, slap.isSlap, case .gray(let image) = candidate.image {
                // The accepted slap only (segmenting every frame would cost the fast path): its fingertips, labelled
                // by the hand's layout with the request's exceptions, become the per-finger records of a packet.
                let excepted = Set(request.exceptions.compactMap { exception -> FingerPosition? in
                    if case .finger(let finger) = exception.position { finger } else { nil }
                })
                let found = SlapSegmenter().segment(image, position: slap, excepted: excepted)
                for advice in found.guidance where !quality.guidance.contains(advice) { quality.guidance.append(advice) }
                segmentation = found
            }
            return CaptureResult(position: position, image: image, quality: quality,
                                 belowThreshold: !candidate.acceptable, frameIndex: candidate.frameIndex,
                                 framesScored: framesScored, device: descriptor, startedAt: startedAt,
                                 capturedAt: candidate.capturedAt, segmentation: segmentation)
        }
    }

    /// The kept frame at full resolution: the scored image itself, or the frame the gate saw reduced,
    /// decoded now (once per result rather than for every frame).
    static func fullResolution(of candidate: BestFrameTracker.Candidate, device: String) throws(BiocapError) -> CapturedImage {
        guard let encoded = candidate.fullResolution else { return candidate.image }
        do {
            return try encoded.decoded(with: try JPEGDecoder())
        } catch {
            throw .deviceFailure(device: device, reason: "the kept frame does not decode at full resolution: \(error)")
        }
    }

    /// An error that ended a frame stream. Devices end their streams with `BiocapError`; anything else
    /// (a cancellation, or a device breaking that contract) is named here rather than lost.
    static func biocapError(_ error: any Error, device: String) -> BiocapError {
        if let error = error as? BiocapError { return error }
        if error is CancellationError { return .cancelled }
        return .deviceFailure(device: device, reason: String(describing: error))
    }
}

extension CaptureSession.Outcome: Equatable {}
