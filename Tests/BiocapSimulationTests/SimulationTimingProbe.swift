import BiocapCore
import BiocapDeviceKit
@testable import BiocapSimulation
import BiocapSynthesis
import BiocapTestSupport
import Foundation
import Testing

/// Prints how long the simulated devices take to deliver their first frame (cold: a seed not seen
/// before, so nothing is cached) and a steady frame, for people tuning the simulator. Asserts nothing
/// about time; skipped unless `$BIOCAP_TIMING` is set. `$BIOCAP_TIMING_SEED` changes the cold seed.
@Suite(.serialized) struct SimulationTimingProbe {
    static let enabled = ProcessInfo.processInfo.environment["BIOCAP_TIMING"] != nil
    static let seed = UInt64(ProcessInfo.processInfo.environment["BIOCAP_TIMING_SEED"] ?? "") ?? 90_001

    /// Time to the first frame, the mean time of frames 1–10 (placing or approaching) and the mean
    /// time of the frames from `steadyFrom` to `steadyTo`.
    static func time(_ device: any BiometricDevice, _ request: CaptureRequest, steadyFrom: Int, steadyTo: Int) async throws -> [Duration] {
        try await device.open()
        let clock = ContinuousClock()
        var start = clock.now
        var times: [Duration] = []
        var index = 0
        for try await _ in try await device.frames(for: request) {
            if index == 0 || index == 10 {
                times.append((clock.now - start) / (index == 0 ? 1 : 10))
                start = clock.now
            }
            if index == steadyFrom - 1 { start = clock.now }
            if index == steadyTo - 1 { break }
            index += 1
        }
        await device.close()
        return times + [(clock.now - start) / (steadyTo - steadyFrom)]
    }

    static func report(_ name: String, _ timing: [Duration]) {
        func ms(_ duration: Duration) -> String { String(format: "%.0f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000) }
        print("timing \(name): first frame \(ms(timing[0])), frames 1-10 \(ms(timing[1])) each, steady frame \(ms(timing[2]))")
    }

    @Test(.enabled(if: enabled)) func printsFirstAndSteadyFrameTimes() async throws {
        let scenarios: [SimulationScenario] = [.good, .moving]
        for scenario in scenarios {
            let options = { (kind: String) in SimulationOptions(id: "sim-\(kind)-0", seed: Self.seed &+ (scenario == .good ? 0 : 1), scenario: scenario, timeScale: 0) }
            Self.report("slap-right-four/\(scenario.rawValue)", try await Self.time(
                SimulatedFingerprintScanner(options: options("finger")),
                CaptureRequest(modality: .finger, positions: [.finger(.plainRightFour)]), steadyFrom: 20, steadyTo: 30))
            Self.report("single-finger/\(scenario.rawValue)", try await Self.time(
                SimulatedFingerprintScanner(options: options("finger")),
                CaptureRequest(modality: .finger, positions: [.finger(.leftThumb)]), steadyFrom: 20, steadyTo: 30))
            Self.report("iris-both/\(scenario.rawValue)", try await Self.time(
                SimulatedIrisCamera(options: options("iris")),
                CaptureRequest(modality: .iris, positions: [.iris(.right), .iris(.left)]), steadyFrom: 25, steadyTo: 35))
            Self.report("face/\(scenario.rawValue)", try await Self.time(
                SimulatedFaceCamera(options: options("face")),
                CaptureRequest(modality: .face, positions: [.face]), steadyFrom: 25, steadyTo: 35))
        }
    }
}
