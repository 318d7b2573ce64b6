import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapSimulation
import BiocapSynthesis
import Testing

/// The signature path with no mocks: the simulated pad's scenarios through the real capture session and quality.
@Suite struct SimulatedSignatureTests {
    static let blank: @Sendable (SignatureTrace) -> CapturedImage = { _ in .gray(GrayImage(width: 2, height: 2, fill: 255)) }

    /// Runs one signature capture on a simulated pad (as fast as it can write) and returns how it ended.
    func sign(_ scenario: SimulationScenario, seed: UInt64 = 3, timeout: Duration = .seconds(30)) async throws -> SignatureSession.Ending {
        let pad = SimulatedSignaturePad(options: SimulationOptions(id: "sim-signature-0", seed: seed, scenario: scenario, timeScale: 0))
        try await pad.open()
        let request = CaptureRequest(modality: .signature, positions: [.signature], threshold: 40, timeout: timeout,
                                     penUpTimeout: .seconds(1))
        let ending = await SignatureSession(pad: pad, request: request, render: Self.blank, tick: .milliseconds(20))
            .run(commands: AsyncStream { _ in })
        await pad.close()
        return ending
    }

    @Test("a good signer is accepted without advice", arguments: [1, 2, 3, 4] as [UInt64])
    func good(seed: UInt64) async throws {
        guard case .completed(let result) = try await sign(.good, seed: seed) else { Issue.record("not completed"); return }
        #expect(result.quality.score >= 70, "\(result.quality.metrics)")
        #expect(result.quality.guidance.isEmpty, "\(result.quality.guidance)")
        #expect(!result.belowThreshold)
    }

    @Test func initialsOnlyAreAskedAgain() async throws {
        guard case .completed(let result) = try await sign(.tooShort) else { Issue.record("not completed"); return }
        #expect(result.belowThreshold, "\(result.quality.metrics)")
        #expect(result.quality.guidance.first == .signAgain, "\(result.quality.metrics)")
    }

    @Test func inkOverTheBoxEdgeAsksToSignInside() async throws {
        guard case .completed(let result) = try await sign(.outsideBox) else { Issue.record("not completed"); return }
        #expect(result.quality.guidance.contains(.signInsideBox), "\(result.quality.metrics)")
    }

    @Test func aHoveringPenWritesNothing() async throws {
        let ending = try await sign(.hovering, timeout: .seconds(2))
        guard case .failed(.timedOut) = ending else { Issue.record("ended \(ending)"); return }
    }

    @Test func aShakySignatureIsStillTheSigners() async throws {
        guard case .completed(let result) = try await sign(.shaky) else { Issue.record("not completed"); return }
        #expect(result.quality.score >= 40, "\(result.quality.metrics)")
    }

    @Test func anUnpluggedPadHandsBackWhatWasWritten() async throws {
        let ending = try await sign(.unplug)
        guard case .interrupted(.deviceDisconnected, let partial) = ending else { Issue.record("ended \(ending)"); return }
        #expect((partial.signature?.strokes.count ?? 0) >= 1)
    }
}
