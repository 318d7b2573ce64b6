import BiocapAPI
import BiocapCore
import BiocapDeviceTesting
import BiocapEngine
import BiocapRecords
import BiocapTestSupport
import Testing

/// Preview is a capture-manager operation: its own stream reserves the device, and an unplug, shutdown or
/// the end of its frames frees it.
@Suite struct PreviewTests {
    static let position = BiometricPosition.finger(.rightIndex)

    func managers(_ device: ScriptedDevice) async -> (DeviceManager, CaptureManager) {
        let devices = DeviceManager()
        await devices.add(device)
        let captures = CaptureManager(devices: devices, makeScorer: { ScriptedScorer() },
                                      pack: { _ in PacketRecord(id: "x", format: .isoFinger, bytes: [0]) })
        return (devices, captures)
    }

    @Test func anOwnPreviewKeepsTheDeviceBusyUntilItsFramesAreDone() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [Self.position],
                                    frames: ScriptedDevice.frames(scores: [10, 20, 30], position: Self.position))
        let (devices, captures) = await managers(device)
        let frames = try await captures.preview(deviceID: "scripted-finger", position: nil, count: 2)
        #expect(try await devices.status("scripted-finger").state == .busy)
        await #expect(throws: BiocapError.deviceBusy(device: "scripted-finger")) {
            _ = try await captures.start(deviceID: "scripted-finger", request: CaptureRequest(modality: .finger, positions: [Self.position]))
        }
        var indices: [Int] = []
        for await frame in frames { indices.append(frame.index) }
        #expect(indices.count == 2, "count bounds the preview")
        #expect(try await devices.status("scripted-finger").state == .ready, "the device is free once the preview ended")
    }

    @Test func anUnplugEndsAnOwnPreviewAtOnce() async throws {
        // Two frames, then the device hangs: only the unplug can end this preview.
        let device = ScriptedDevice(modality: .finger, positions: [Self.position],
                                    frames: ScriptedDevice.frames(scores: [10, 20], position: Self.position))
        let (devices, captures) = await managers(device)
        let frames = try await captures.preview(deviceID: "scripted-finger", position: Self.position, count: 1000)
        var iterator = frames.makeAsyncIterator()
        #expect(await iterator.next() != nil)
        await captures.abort(deviceID: "scripted-finger", reason: .deviceDisconnected(device: "scripted-finger"))
        while await iterator.next() != nil {}
        #expect(try await devices.status("scripted-finger").state == .ready)
    }

    @Test func previewChecksItsArguments() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [Self.position], frames: [])
        let (_, captures) = await managers(device)
        await #expect(throws: BiocapError.self) { _ = try await captures.preview(deviceID: "scripted-finger", position: .face, count: 1) }
        await #expect(throws: BiocapError.self) { _ = try await captures.preview(deviceID: "scripted-finger", position: nil, count: 0) }
        await #expect(throws: BiocapError.notFound(kind: "device", id: "nope")) { _ = try await captures.preview(deviceID: "nope", position: nil, count: 1) }
    }
}
