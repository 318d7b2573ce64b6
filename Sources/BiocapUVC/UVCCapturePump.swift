import BiocapCore
import BiocapDeviceKit

/// The task of one capture: starts the camera's stream, decodes each reassembled frame (off the
/// actor) and yields it, then tells the camera the capture is over and ends the frame stream with
/// the reason (`deviceDisconnected` after an unplug).
struct UVCCapturePump: Sendable {
    let camera: UVCCamera
    let lease: StreamLease
    let position: BiometricPosition
    let colour: Bool
    /// Decode MJPEG frames reduced to about this width for the gate (`UVCProfile.gateWidth`).
    var gateWidth: Int? = nil
    let device: String

    func run(into continuation: AsyncThrowingStream<Frame, any Error>.Continuation) async {
        let decoder: UVCFrameDecoder
        do { decoder = try UVCFrameDecoder() } catch {
            await camera.captureEnded(lease, error: nil)
            continuation.finish(throwing: BiocapError.deviceFailure(device: device, reason: "cannot create the frame decoder: \(error)"))
            return
        }
        let started: (frames: AsyncStream<UVCRawFrame>, mode: UVCNegotiatedMode, counters: UVCStreamCounters)
        do {
            started = try await camera.startCapture(lease)
        } catch {
            await camera.captureEnded(lease, error: nil)
            let mapped = UVCCamera.biocapError(error, device: device)
            if mapped == .cancelled { continuation.finish() } else { continuation.finish(throwing: mapped) }
            return
        }
        let mode = started.mode
        let start = ContinuousClock.now
        var index = 0
        for await raw in started.frames {
            guard !Task.isCancelled else { break }
            let view: FrameView
            do {
                if let gateWidth, mode.format.pixelFormat == .mjpeg {
                    let decoded = try decoder.decodeMJPEGForGate(raw.bytes, colour: colour, gateWidth: gateWidth)
                    view = FrameView(position: position, image: decoded.image, fullResolution: decoded.fullResolution)
                } else {
                    view = FrameView(position: position, image: try decoder.decode(
                        raw.bytes, format: mode.format.pixelFormat, width: mode.frame.width, height: mode.frame.height, colour: colour))
                }
            } catch {
                started.counters.update { $0.framesDelivered -= 1; $0.droppedError += 1 }
                continue
            }
            continuation.yield(Frame(index: index, elapsed: raw.received - start, views: [view]))
            index += 1
        }
        let end = started.counters.end
        let failure: USBTransferError? = if case .some(.some(let error)) = end, error != .cancelled { error } else { nil }
        await camera.captureEnded(lease, error: failure)
        if let failure {
            continuation.finish(throwing: failure.biocapError(device: device))
        } else {
            continuation.finish()
        }
    }
}
