import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import BiocapEngine
import BiocapQuality
import BiocapSimulation
import BiocapSynthesis
import BiocapTestSupport
import Testing

/// The whole fast path with no mocks: a simulated device, the real quality scorer, the capture session.
@Suite struct SimulatedCaptureTests {
    private func capture(
        _ driver: String, _ scenario: SimulationScenario, _ request: CaptureRequest, seed: UInt64 = 7
    ) async throws -> [CaptureResult] {
        guard let entry = DriverRegistry.standard.simulatedDriver(named: driver) else {
            Issue.record("no simulated driver \(driver)"); return []
        }
        let device = entry.make(SimulationOptions(id: "sim-\(driver)-0", seed: seed, scenario: scenario, timeScale: 0))
        try await device.open()
        defer { Task { await device.close() } }
        return try await CaptureSession(device: device, request: request, makeScorer: { QualityAssessor() }).run()
    }

    /// Best score reached within a fixed number of frames (threshold 101 is never met, so the
    /// session keeps the best frame until the gate opens).
    private func bestScore(_ driver: String, _ scenario: SimulationScenario, position: BiometricPosition, frames: Int) async throws -> Int {
        guard let entry = DriverRegistry.standard.simulatedDriver(named: driver) else { return -1 }
        let device = entry.make(SimulationOptions(id: "sim-\(driver)-0", seed: 7, scenario: scenario, timeScale: 0))
        try await device.open()
        let gate = TimeoutGate()
        let request = CaptureRequest(modality: position.modality, positions: [position], threshold: 100)
        let session = CaptureSession(device: device, request: request, makeScorer: { QualityAssessor() },
                                     waitForTimeout: { _ in await gate.wait() })
        let results = try await session.run(progress: { _ in gate.frameScored(count: frames) })
        await device.close()
        return results.first?.quality.score ?? -1
    }

    @Test func goodFingerReachesTheThresholdAndDegradedOnesScoreLower() async throws {
        let position = BiometricPosition.finger(.rightIndex)
        let good = try await bestScore("finger", .good, position: position, frames: 25)
        var scores: [SimulationScenario: Int] = [:]
        for scenario in [SimulationScenario.dry, .wet, .moving, .partial] {
            scores[scenario] = try await bestScore("finger", scenario, position: position, frames: 25)
        }
        print("simulated finger best scores: good \(good), \(scores.map { "\($0.key.rawValue) \($0.value)" }.sorted())")
        #expect(good >= 60)
        for (scenario, score) in scores { #expect(score < good, "\(scenario.rawValue) scored \(score) vs good \(good)") }
        // A finger pushed off one side loses its core: clearly below a centred one.
        #expect((scores[.partial] ?? 100) <= 60)
    }

    @Test func goodIrisAndFaceScoreAboveTheirBadScenarios() async throws {
        let eye = BiometricPosition.iris(.right)
        let goodEye = try await bestScore("iris", .good, position: eye, frames: 25)
        let closed = try await bestScore("iris", .closedEye, position: eye, frames: 25)
        let away = try await bestScore("iris", .lookingAway, position: eye, frames: 25)
        let goodFace = try await bestScore("face", .good, position: .face, frames: 25)
        let awayFace = try await bestScore("face", .lookingAway, position: .face, frames: 25)
        let partialFace = try await bestScore("face", .partial, position: .face, frames: 25)
        print("simulated iris: good \(goodEye), closed \(closed), away \(away); face: good \(goodFace), away \(awayFace), partial \(partialFace)")
        #expect(goodEye >= 50 && closed < goodEye && away < goodEye)
        #expect(goodFace >= 50 && partialFace < goodFace)
        // Gaze or head turned away must cost most of the score.
        #expect(away <= goodEye / 2 && awayFace <= goodFace / 2)
    }

    @Test func slapWithAnAmputatedFingerCompletesWhenTheExceptionIsRecorded() async throws {
        let request = CaptureRequest(
            modality: .finger, positions: [.finger(.plainLeftFour)], threshold: 30, timeout: .seconds(60),
            exceptions: [BiometricException(position: .finger(.leftRing), reason: .amputated)])
        let results = try await capture("finger", .good, request)
        #expect(results.count == 1)
        #expect(results.first?.quality.metric("fingers-found") == 3)
        #expect(results.first?.image.width == 1600 && results.first?.image.height == 1500)
    }

    @Test func unplugEndsTheCaptureWithDeviceDisconnected() async throws {
        let request = CaptureRequest(modality: .finger, positions: [.finger(.leftIndex)], threshold: 100, timeout: .seconds(60))
        await #expect(throws: BiocapError.deviceDisconnected(device: "sim-finger-0")) {
            try await capture("finger", .unplug, request)
        }
    }

    @Test func transferTimeoutEndsTheCaptureWithTransferTimeout() async throws {
        let request = CaptureRequest(modality: .finger, positions: [.finger(.rightThumb)], threshold: 100, timeout: .seconds(60))
        await #expect(throws: BiocapError.transferTimeout(device: "sim-finger-0", endpoint: 0x82)) {
            try await capture("finger", .transferTimeout, request)
        }
    }
}
