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

    /// A manager over one scripted finger device whose frames are `side`×`side` pixels, packed raw (so a record's size
    /// is the frame's, whatever its content).
    static func manager(
        keepBytes: Int, keepFinished: Int = 256, side: Int = 64, expireAfter: Duration = .seconds(900)
    ) async -> (CaptureManager, ScriptedDevice) {
        let devices = DeviceManager()
        let frames = ScriptedDevice.frames(scores: [90], position: position, width: side, height: side)
        let device = ScriptedDevice(modality: .finger, positions: [position], frames: frames)
        await devices.add(device)
        let captures = CaptureManager(devices: devices, makeScorer: { ScriptedScorer() },
                                      pack: RecordPacker(fingerCompression: .none).pack, keepFinished: keepFinished, keepBytes: keepBytes, expireAfter: expireAfter)
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
        // The four oldest lost their data (410 capture-expired) but stay listed; the two newest are whole.
        #expect(await captures.list().count == 6)
        for id in ids.prefix(4) {
            await #expect(throws: BiocapError.captureExpired(id: id)) { try await captures.positions(id) }
        }
        for id in ids.suffix(2) { #expect(try await captures.positions(id).count == 1) }
        await captures.shutdown()
    }

    @Test func aCaptureLargerThanTheBudgetIsStillKeptUntilTheNextOne() async throws {
        let (captures, device) = await Self.manager(keepBytes: 1_000, side: 128)
        let first = try await Self.captureOnce(captures, device, number: 1)
        #expect(try await captures.positions(first.id).count == 1)
        let second = try await Self.captureOnce(captures, device, number: 2)
        await #expect(throws: BiocapError.captureExpired(id: first.id)) { try await captures.positions(first.id) }
        #expect(try await captures.positions(second.id).count == 1)
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

    @Test func anUnpackedCaptureExpiresAfterItsTime() async throws {
        let (captures, device) = await Self.manager(keepBytes: 64 << 20, side: 128, expireAfter: .seconds(30))
        let old = try await Self.captureOnce(captures, device, number: 1)
        let packed = try await Self.captureOnce(captures, device, number: 2)
        await captures.markPacked([packed.id], packetID: "p")
        #expect(await captures.retainedBytes > 0)
        await captures.expireStale(now: Date().addingTimeInterval(31))
        await #expect(throws: BiocapError.captureExpired(id: old.id)) { try await captures.positions(old.id) }
        await #expect(throws: BiocapError.capturePacked(id: packed.id, packetID: "p")) { try await captures.positions(packed.id) }
        #expect(await captures.retainedBytes == 0)
        #expect(try await captures.info(old.id).state == .completed)
        await captures.shutdown()
    }
}
