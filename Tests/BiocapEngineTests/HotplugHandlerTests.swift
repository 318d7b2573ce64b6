import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import BiocapEngine
import BiocapRecords
import BiocapDeviceTesting
import BiocapTestSupport
import Foundation
import Testing

/// Unplug and re-plug as the daemon's USB watcher reports them: the running capture fails at once
/// with `deviceDisconnected`, the device shows as disconnected and refuses work, and the same id comes
/// back ready when the device returns, with no restart.
@Suite struct HotplugHandlerTests {
    private static let position = BiometricPosition.finger(.rightIndex)

    private func makeManagers() -> (DeviceManager, CaptureManager) {
        let devices = DeviceManager()
        let captures = CaptureManager(devices: devices, makeScorer: { ScriptedScorer() },
                                      pack: { _ in PacketRecord(id: "x", format: .isoFinger, bytes: [0]) })
        return (devices, captures)
    }

    /// A device that delivers low-quality frames and then nothing, so the capture keeps running.
    private func stalledDevice() -> ScriptedDevice {
        ScriptedDevice(modality: .finger, positions: [Self.position], frames: ScriptedDevice.frames(scores: [5, 6], position: Self.position))
    }

    /// Awaits the capture's `finished` event (at once if it has already ended), for at most 90 s.
    private func waitUntilFinished(_ captures: CaptureManager, _ id: String) async throws -> CaptureInfo {
        let events = try await captures.events(id)
        let outcome = try await withDeadline(after: .seconds(90)) { () async -> CaptureInfo? in
            for await event in events {
                if case .finished(let info) = event { return info }
            }
            return nil
        }
        guard case .finished(let info?) = outcome else {
            throw BiocapError.timedOut(device: "test", reason: "capture did not end")
        }
        return info
    }

    @Test func unplugFailsTheCaptureAtOnceAndReplugRestoresTheDevice() async throws {
        let (devices, captures) = makeManagers()
        let handler = HotplugHandler(devices: devices, captures: captures)
        let stalled = stalledDevice()
        await handler.arrived(stalled)
        let id = "scripted-finger"
        #expect(try await devices.status(id).state == .ready)

        let request = CaptureRequest(modality: .finger, positions: [Self.position], threshold: 90, timeout: .seconds(600))
        let started = try await captures.start(deviceID: id, request: request)
        // Unplug mid-capture: once the device has delivered its last frame and the stream hangs.
        try await stalled.waitUntilFrameYielded(index: 1)
        #expect(try await captures.info(started.id).state == .running)
        let unpluggedAt = ContinuousClock.now
        await handler.left(id)
        let failed = try await waitUntilFinished(captures, started.id)
        // Far below the 600 s timeout, with room for a loaded machine: it did not wait for the timeout.
        #expect(ContinuousClock.now - unpluggedAt < .seconds(60), "the capture must not wait for its timeout")
        #expect(failed.state == .failed)
        #expect(failed.error?.code == BiocapError.deviceDisconnected(device: id).code)
        #expect(try await devices.status(id).state == .disconnected)
        await #expect(throws: BiocapError.deviceDisconnected(device: id)) {
            _ = try await captures.start(deviceID: id, request: request)
        }

        // Plugged back in: a new actor under the same id, ready for the next capture.
        await handler.arrived(ScriptedDevice(modality: .finger, positions: [Self.position],
                                             frames: ScriptedDevice.frames(scores: [95], position: Self.position)))
        #expect(try await devices.status(id).state == .ready)
        let again = try await captures.start(deviceID: id, request: request)
        let done = try await waitUntilFinished(captures, again.id)
        #expect(done.state == .completed, "\(done.error?.message ?? "")")
    }

    @Test func aSecondArrivalOfAnAttachedDeviceIsIgnored() async throws {
        let (devices, captures) = makeManagers()
        let handler = HotplugHandler(devices: devices, captures: captures)
        await handler.arrived(stalledDevice())
        await handler.arrived(stalledDevice())
        #expect(await devices.statuses().count == 1)
        #expect(try await devices.status("scripted-finger").state == .ready)
    }
}
