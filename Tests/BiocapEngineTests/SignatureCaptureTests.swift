import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceTesting
import BiocapEngine
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// Signature captures through the capture manager: finish and clear reach the running session, an unplugged pad's
/// signature is kept and can be packed, and the packet carries the image beside the record.
@Suite struct SignatureCaptureTests {
    /// Stand-in packers: the record and image encoders are tested in BiocapRecords and BiocapImaging; here only what
    /// the manager and the assembler do with them matters.
    static let pack: CaptureManager.RecordPacking = { result in
        PacketRecord(id: "x", format: .isoSignature, bytes: Array("samples:\(result.signature?.samples.count ?? -1)".utf8))
    }
    static let companions: CaptureManager.CompanionPacking = { _ in [PacketRecord(id: "image", format: .png, bytes: [0x89, 0x50, 0x4e, 0x47])] }

    static func manager(_ pad: ScriptedPad) async -> (CaptureManager, DeviceManager) {
        let devices = DeviceManager()
        await devices.add(pad)
        let captures = CaptureManager(devices: devices, makeScorer: { ScriptedScorer() }, pack: pack, packCompanions: companions,
                                      renderSignature: { _ in .gray(GrayImage(width: 8, height: 4, fill: 255)) })
        return (captures, devices)
    }

    static func request(penUp: Duration = .seconds(60)) -> CaptureRequest {
        CaptureRequest(modality: .signature, positions: [.signature], threshold: 40, timeout: .seconds(600), penUpTimeout: penUp)
    }

    /// Waits for the capture's progress to have seen `samples` samples (subscribed before looking, so none is missed).
    static func waitForSamples(_ captures: CaptureManager, _ id: String, _ samples: Int) async throws {
        let events = try await captures.events(id)
        if try await captures.info(id).framesScored >= samples { return }
        for await event in events {
            if case .progress(let progress) = event, progress.frameIndex + 1 >= samples { return }
        }
    }

    @Test func finishEndsTheCaptureWithTheSignatureAndItsImage() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(3))
        let (captures, _) = await Self.manager(pad)
        let started = try await captures.start(deviceID: nil, request: Self.request())
        #expect(started.modality == .signature)
        try await Self.waitForSamples(captures, started.id, 3 * 140)
        let info = try await captures.finishSignature(started.id)
        #expect(info.state == .completed, "\(info.error?.message ?? "")")
        let result = try #require(info.results.first)
        #expect(result.position == .signature)
        #expect(result.recordFormat == "iso-19794-7-2007")
        let positions = try await captures.positions(started.id)
        #expect(positions.first?.companions.map(\.format) == [.png])
        #expect(positions.first?.result.signature?.strokes.count == 3)
        // Finished captures take no more commands.
        await #expect(throws: BiocapError.self) { try await captures.finishSignature(started.id) }
        await captures.shutdown()
    }

    @Test func clearStartsOverAndFinishingEmptyIsSignatureEmpty() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(2))
        let (captures, _) = await Self.manager(pad)
        let started = try await captures.start(deviceID: nil, request: Self.request())
        try await Self.waitForSamples(captures, started.id, 2 * 140)
        // A subscriber arriving after the pen has gone quiet gets the latest progress at once, not only the end.
        var late = try await captures.events(started.id).makeAsyncIterator()
        guard case .progress(let latest) = await late.next() else { Issue.record("a late subscriber got no progress"); return }
        #expect(latest.frameIndex + 1 >= 2 * 140)
        let cleared = try await captures.clearSignature(started.id)
        #expect(cleared.state == .running)
        let info = try await captures.finishSignature(started.id)
        #expect(info.state == .failed)
        #expect(info.error?.code == "signature-empty")
        #expect(await pad.prompts == [.signHere, .blank, .signHere, .blank])
        await captures.shutdown()
    }

    @Test func finishAndClearRefuseCapturesThatAreNotRunningSignatures() async throws {
        let pad = ScriptedPad(samples: [])
        let (captures, _) = await Self.manager(pad)
        await #expect(throws: BiocapError.notFound(kind: "capture", id: "nope")) { try await captures.clearSignature("nope") }
        await captures.shutdown()
    }

    @Test func anUnpluggedPadKeepsWhatWasWrittenAndItCanBePacked() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(2))
        let (captures, _) = await Self.manager(pad)
        let started = try await captures.start(deviceID: nil, request: Self.request())
        try await Self.waitForSamples(captures, started.id, 2 * 140)
        // The daemon's hotplug handling notices the pad is gone before any transfer fails.
        await captures.abort(deviceID: pad.descriptor.id, reason: .deviceDisconnected(device: pad.descriptor.id))
        let info = try await captures.info(started.id)
        #expect(info.state == .failed)
        #expect(info.error?.code == "device-disconnected")
        #expect(info.results.first?.position == .signature)
        let positions = try await captures.positions(started.id)
        #expect(positions.first?.result.signature?.strokes.count == 2)

        let packet = try PacketAssembler(kitID: "kit").assemble(
            PacketRequestBody(enrolmentID: "ENR-1", operatorID: "officer", captures: [started.id]),
            captures: [(id: started.id, positions: positions, exceptions: [])])
        #expect(packet.records.map(\.id) == ["signature", "signature-image"])
        let entry = try #require(packet.manifest.captures.first)
        #expect(entry.companions?.map(\.recordID) == ["signature-image"])
        #expect(entry.companions?.first?.recordFormat == .png)
        try packet.validate(decodingRecords: false)
        // The companion is covered by the manifest like the main record.
        var tampered = packet
        tampered.records[1].bytes[0] ^= 1
        #expect(throws: RecordError.self) { try tampered.validate(decodingRecords: false) }
        tampered = packet
        tampered.records.removeLast()
        #expect(throws: RecordError.self) { try tampered.validate(decodingRecords: false) }
        await captures.shutdown()
    }

    @Test func theOperatorsCancelDropsWhatWasWritten() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(1))
        let (captures, _) = await Self.manager(pad)
        let started = try await captures.start(deviceID: nil, request: Self.request())
        try await Self.waitForSamples(captures, started.id, 140)
        let info = try await captures.cancel(started.id)
        #expect(info.state == .cancelled)
        #expect(info.results.isEmpty)
        await #expect(throws: BiocapError.self) { try await captures.positions(started.id) }
        await captures.shutdown()
    }
}
