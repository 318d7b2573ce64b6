import BiocapCore
import BiocapDeviceKit
import Foundation

extension CaptureManager {
    /// Live frames of a device for a preview, newest only (a slow client skips frames, never lags):
    /// the running capture's frames when there is one; otherwise a stream of the preview's own for at
    /// most `count` frames, during which the device is reserved (busy) like a capture. An unplug
    /// (`abort(deviceID:reason:)`), shutdown, or the consumer going away ends it and frees the device.
    /// - Parameters:
    ///   - position: the position to show; must be one the device captures (default: its first).
    /// - Throws: `notFound`, `invalidRequest` (`position`, `frames`), `deviceBusy`, `deviceNotOpen`,
    ///   `deviceDisconnected`, `shuttingDown`.
    public func preview(deviceID: String, position: BiometricPosition?, count: Int) async throws(BiocapError) -> AsyncStream<Frame> {
        guard !shuttingDown else { throw .shuttingDown }
        guard (1...1000).contains(count) else { throw .invalidRequest(field: "frames", reason: "must be 1–1000") }
        let status = try await devices.status(deviceID)
        if let position, !status.descriptor.capabilities.positions.contains(position) {
            throw .invalidRequest(field: "position", reason: "'\(position.name)' is not a position device \(deviceID) captures")
        }
        if let tap = frames(onDevice: deviceID) { return tap }

        let positions = position.map { [$0] } ?? Array(status.descriptor.capabilities.positions.prefix(1))
        let request = CaptureRequest(modality: status.descriptor.modality, positions: positions, threshold: 100, timeout: .seconds(600))
        let device = try await devices.reserve(deviceID)
        let source: AsyncThrowingStream<Frame, any Error>
        do { source = try await device.frames(for: request) } catch {
            await devices.release(deviceID, error: error)
            throw error
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Frame.self, bufferingPolicy: .bufferingNewest(1))
        let token = UUID()
        let pump = Self.pump(source, into: continuation, count: count, deviceID: deviceID, manager: self, token: token)
        previews[deviceID] = (token, pump)
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }

    /// Moves up to `count` frames from the device's stream to the preview's, then frees the device. Started
    /// from a nonisolated context so frames are made on the pool, not on this actor.
    private nonisolated static func pump(
        _ source: AsyncThrowingStream<Frame, any Error>, into continuation: AsyncStream<Frame>.Continuation, count: Int,
        deviceID: String, manager: CaptureManager, token: UUID
    ) -> Task<Void, Never> {
        Task {
            var failure: BiocapError?
            do {
                var delivered = 0
                for try await frame in source {
                    continuation.yield(frame)
                    delivered += 1
                    if delivered >= count { break }
                }
            } catch {
                failure = error as? BiocapError ?? .deviceFailure(device: deviceID, reason: "\(error)")
            }
            // Free the device before the consumer sees the end, so "ended" means "free again".
            await manager.previewEnded(deviceID: deviceID, token: token, failure: failure == .cancelled ? nil : failure)
            continuation.finish()
        }
    }

    /// Whether a preview of its own (not a capture) holds the device.
    public func isPreviewing(deviceID: String) -> Bool {
        previews[deviceID] != nil
    }

    /// Ends a device's own preview stream (not a capture's frames), if any, and waits until the device is released:
    /// SBI clients keep a stream open while they start a capture on the same device.
    public func endPreview(deviceID: String) async {
        await stopPreview(deviceID: deviceID)
    }

    /// Ends a device's own preview stream, if any, and waits until the device is released.
    func stopPreview(deviceID: String) async {
        guard let pump = previews[deviceID]?.task else { return }
        pump.cancel()
        await pump.value
    }

    private func previewEnded(deviceID: String, token: UUID, failure: BiocapError?) async {
        await devices.release(deviceID, error: failure)
        if previews[deviceID]?.token == token { previews[deviceID] = nil }
    }
}
