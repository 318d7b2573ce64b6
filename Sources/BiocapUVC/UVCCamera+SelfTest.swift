import BiocapCore
import BiocapDeviceKit
import Synchronization

extension UVCCamera {
    /// How many frames the self-test streams, and how long it waits for them.
    static let selfTestFrames = 8
    static let selfTestTimeout: Duration = .seconds(5)

    /// Diagnostics: the descriptors and formats, the negotiated mode, a short stream's measured frame
    /// rate and dropped/erroneous frames, and the mean level (exposure) of a test frame.
    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        try await selfTest(timeout: Self.selfTestTimeout)
    }

    /// The self-test, waiting at most `timeout` for its test frames (a loaded machine may need longer).
    public func selfTest(timeout: Duration) async throws(BiocapError) -> DiagnosticReport {
        var checks: [DiagnosticCheck] = []
        let wasOpen = isOpen
        do {
            try await open()
        } catch {
            checks.append(DiagnosticCheck(name: "communication", passed: false, detail: "\(UVCCamera.biocapError(error, device: descriptor.id))"))
            return DiagnosticReport(device: descriptor, checks: checks)
        }
        guard let description = deviceDescription else { return DiagnosticReport(device: descriptor, checks: checks) }
        checks.append(DiagnosticCheck(name: "communication", passed: true, detail: "UVC \(description.versionString), descriptors read"))
        let formats = description.streamingInterfaces.flatMap(\.formats).map { format in
            let largest = format.frames.max { $0.width * $0.height < $1.width * $1.height }
            return "\(format.pixelFormat) ×\(format.frames.count) (up to \(largest.map { "\($0.width)×\($0.height)" } ?? "-"))"
        }
        checks.append(DiagnosticCheck(name: "formats", passed: !formats.isEmpty, detail: formats.joined(separator: ", ")))
        let position = profile.positions[0]
        let request = CaptureRequest(modality: profile.modality, positions: [position])
        var frames: [Frame] = []
        var failure: (any Error)?
        do {
            let stream = try self.frames(for: request)
            frames = try await Self.collect(stream, count: Self.selfTestFrames, timeout: timeout)
        } catch {
            failure = error
        }
        let mode = negotiatedMode
        checks.append(DiagnosticCheck(
            name: "negotiated-mode", passed: mode != nil, detail: mode?.summary ?? "negotiation failed: \(failure.map { "\($0)" } ?? "unknown")"))
        let rate = Self.measuredRate(frames)
        checks.append(DiagnosticCheck(
            name: "frame-rate", passed: frames.count >= 2 && rate > 0,
            detail: "\(frames.count) frames, measured \((rate * 10).rounded() / 10) fps (nominal \(descriptor.capabilities.framesPerSecond))"
                + (failure.map { "; stream failed: \($0)" } ?? "")))
        let statistics = statistics ?? UVCStreamStatistics()
        let received = statistics.framesDelivered + statistics.framesDropped
        checks.append(DiagnosticCheck(
            name: "dropped-frames", passed: received > 0 && statistics.framesDropped * 4 <= received,
            detail: statistics.description))
        if let view = frames.last?.views.first {
            let mean = Self.meanLevel(view.image.gray)
            // The frame's own size, not that of the reduced image the gate scores.
            let width = view.fullResolution?.width ?? view.image.width, height = view.fullResolution?.height ?? view.image.height
            checks.append(DiagnosticCheck(
                name: "exposure", passed: (20...235).contains(mean),
                detail: "test frame \(width)×\(height) mean level \(mean) (want 20–235)"))
        } else {
            checks.append(DiagnosticCheck(name: "exposure", passed: false, detail: "no test frame"))
        }
        checks.append(await stillImageCheck())
        if !wasOpen { await close() }
        return DiagnosticReport(device: descriptor, checks: checks)
    }

    /// The `still-image` check: the still capture method and sizes, and, for methods 2 and 3, a
    /// still actually captured at the largest size (method 1 stills are the frames tested above).
    func stillImageCheck() async -> DiagnosticCheck {
        guard let support = stillSupport else { return DiagnosticCheck(name: "still-image", passed: false, detail: "camera not open") }
        let sizes = support.still?.sizes.map { "\($0.width)×\($0.height)" }.joined(separator: ", ") ?? "-"
        guard support.method.isCameraStill, support.still != nil else {
            return DiagnosticCheck(name: "still-image", passed: true, detail: "\(support.method); stills are frames of the video stream")
        }
        do {
            let image = try await captureStill()
            return DiagnosticCheck(
                name: "still-image", passed: true,
                detail: "\(support.method), sizes \(sizes); captured \(image.width)×\(image.height) \(Self.isColour(image) ? "colour" : "grey")")
        } catch {
            return DiagnosticCheck(name: "still-image", passed: false, detail: "\(support.method), sizes \(sizes); capture failed: \(error)")
        }
    }

    /// Up to `count` frames, or those that arrived when `timeout` passes first.
    static func collect(_ stream: AsyncThrowingStream<Frame, any Error>, count: Int, timeout: Duration) async throws -> [Frame] {
        let collected = FrameBox()
        _ = try await withDeadline(after: timeout) {
            for try await frame in stream {
                if collected.append(frame) >= count { break }
            }
        }
        return collected.frames.withLock { $0 }
    }

    /// Frames gathered by the self-test's collecting task, kept when the timeout ends it.
    final class FrameBox: Sendable {
        let frames = Mutex<[Frame]>([])

        func append(_ frame: Frame) -> Int { frames.withLock { $0.append(frame); return $0.count } }
    }

    static func isColour(_ image: CapturedImage) -> Bool {
        if case .rgb = image { true } else { false }
    }

    static func measuredRate(_ frames: [Frame]) -> Double {
        guard frames.count >= 2, let first = frames.first, let last = frames.last else { return 0 }
        let seconds = (last.elapsed - first.elapsed).seconds
        return seconds > 0 ? Double(frames.count - 1) / seconds : 0
    }

    static func meanLevel(_ image: GrayImage) -> Int {
        guard !image.pixels.isEmpty else { return 0 }
        return image.pixels.reduce(0) { $0 + Int($1) } / image.pixels.count
    }
}
