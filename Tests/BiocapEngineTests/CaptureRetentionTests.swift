import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceTesting
import BiocapEngine
import BiocapTestSupport
import Foundation
import Testing

/// What finished captures keep in memory is bounded by bytes as well as by count, and a packed capture
/// keeps nothing but its summary.
@Suite struct CaptureRetentionTests {
    static let position = BiometricPosition.finger(.rightIndex)

    /// A manager over one scripted finger device whose frames are `side`×`side` pixels.
    static func manager(keepBytes: Int, keepFinished: Int = 256, side: Int = 64) async -> (CaptureManager, ScriptedDevice) {
        let devices = DeviceManager()
        let frames = ScriptedDevice.frames(scores: [90], position: position, width: side, height: side)
        let device = ScriptedDevice(modality: .finger, positions: [position], frames: frames)
        await devices.add(device)
        let captures = CaptureManager(devices: devices, makeScorer: { ScriptedScorer() }, pack: RecordPacker.pack,
                                      keepFinished: keepFinished, keepBytes: keepBytes)
        return (captures, device)
    }

    static func captureOnce(_ captures: CaptureManager, _ device: ScriptedDevice, number: Int) async throws -> CaptureInfo {
        let request = CaptureRequest(modality: .finger, positions: [position], threshold: 50, timeout: .seconds(30))
        let started = try await captures.start(deviceID: device.descriptor.id, request: request)
        for await event in try await captures.events(started.id) {
            if case .finished(let info) = event {
                try await device.waitUntilStreamTerminated(count: number)
                return info
            }
        }
        return try await captures.info(started.id)
    }

    @Test func finishedCapturesAreBoundedByBytesNewestKept() async throws {
        // One 256×256 capture holds its image (65,536 bytes) and its record (a bit more): a 300 kB budget holds two.
        let (captures, device) = await Self.manager(keepBytes: 300_000, side: 256)
        var ids: [String] = []
        for number in 1...6 {
            let info = try await Self.captureOnce(captures, device, number: number)
            #expect(info.state == .completed, "\(info.error?.message ?? "")")
            ids.append(info.id)
            #expect(await captures.retainedBytes <= 300_000 || number == 1)
        }
        let kept = await captures.list().map(\.id)
        #expect(kept.count == 2, "kept: \(kept)")
        #expect(Set(kept) == Set(ids.suffix(2)))
        await #expect(throws: BiocapError.notFound(kind: "capture", id: ids[0])) { try await captures.positions(ids[0]) }
        #expect(try await captures.positions(ids[5]).count == 1)
        await captures.shutdown()
    }

    @Test func aCaptureLargerThanTheBudgetIsStillKeptUntilTheNextOne() async throws {
        let (captures, device) = await Self.manager(keepBytes: 1_000, side: 128)
        let first = try await Self.captureOnce(captures, device, number: 1)
        #expect(try await captures.positions(first.id).count == 1)
        let second = try await Self.captureOnce(captures, device, number: 2)
        #expect(await captures.list().map(\.id) == [second.id])
        await captures.shutdown()
    }

    @Test func packedCapturesReleaseTheirDataAndStayListed() async throws {
        let (captures, device) = await Self.manager(keepBytes: 300_000, side: 256)
        var ids: [String] = []
        for number in 1...5 {
            let info = try await Self.captureOnce(captures, device, number: number)
            await captures.markPacked([info.id], packetID: "packet-\(number)")
            ids.append(info.id)
            #expect(await captures.retainedBytes == 0)
        }
        // Packed captures cost no bytes, so none was dropped; each one names its packet.
        #expect(await captures.list().count == 5)
        for (index, id) in ids.enumerated() {
            #expect(try await captures.info(id).packetID == "packet-\(index + 1)")
            await #expect(throws: BiocapError.capturePacked(id: id, packetID: "packet-\(index + 1)")) {
                try await captures.positions(id)
            }
        }
        await captures.shutdown()
    }
}
