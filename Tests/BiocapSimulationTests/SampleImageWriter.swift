import BiocapCore
import BiocapDeviceKit
import BiocapImaging
@testable import BiocapSimulation
import BiocapSynthesis
import BiocapTestSupport
import Foundation
import Testing

/// Writes one settled frame of each kind (and of each image-changing scenario) as PGM/PPM to
/// `$BIOCAP_SAMPLE_DIR`, for people to look at. Skipped when the variable is unset.
/// `$BIOCAP_SAMPLE_ONLY` (comma-separated: finger, slap, iris, face, seeds) narrows what is written.
@Suite struct SampleImageWriter {
    static let directory = ProcessInfo.processInfo.environment["BIOCAP_SAMPLE_DIR"].flatMap { $0.isEmpty ? nil : $0 }

    @Test(.enabled(if: directory != nil)) func writesSamples() throws {
        let directory = try #require(Self.directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let only = ProcessInfo.processInfo.environment["BIOCAP_SAMPLE_ONLY"] ?? ""
        func write(_ name: String, _ view: FrameView?) throws {
            guard let view else { return }
            let ext = if case .rgb = view.image { "ppm" } else { "pgm" }
            let url = URL(fileURLWithPath: directory).appendingPathComponent("\(name).\(ext)")
            try Data(NetPBM.encode(view.image)).write(to: url)
        }
        func wanted(_ kind: String) -> Bool { only.isEmpty || only.split(separator: ",").contains(Substring(kind)) }
        for scenario in [SimulationScenario.good, .dry, .wet, .moving, .partial] where wanted("finger") {
            let options = SimulationOptions(id: "sim-finger-0", seed: 7, scenario: scenario, timeScale: 0)
            let request = CaptureRequest(modality: .finger, positions: [.finger(.rightIndex)])
            try write("finger-\(scenario.rawValue)", FingerFrameSource(position: .rightIndex, request: request, options: options).views(frameIndex: 25, elapsed: 2.5).first)
        }
        for (slap, scenario) in [(FingerPosition.plainRightFour, SimulationScenario.good), (.plainThumbs, .good), (.plainLeftFour, .missingFinger)] where wanted("slap") {
            let options = SimulationOptions(id: "sim-finger-0", seed: 7, scenario: scenario, timeScale: 0)
            let request = CaptureRequest(modality: .finger, positions: [.finger(slap)])
            try write("slap-\(slap.name)-\(scenario.rawValue)", FingerFrameSource(position: slap, request: request, options: options).views(frameIndex: 25, elapsed: 2.5).first)
        }
        for scenario in [SimulationScenario.good, .closedEye, .lookingAway, .moving] where wanted("iris") {
            let options = SimulationOptions(id: "sim-iris-0", seed: 7, scenario: scenario, timeScale: 0)
            let views = IrisFrameSource(eyes: [.right, .left], options: options).views(frameIndex: 30, elapsed: 2)
            try write("iris-right-\(scenario.rawValue)", views.first)
            try write("iris-left-\(scenario.rawValue)", views.last)
        }
        for scenario in [SimulationScenario.good, .lookingAway, .partial] where wanted("face") {
            let options = SimulationOptions(id: "sim-face-0", seed: 7, scenario: scenario, timeScale: 0)
            try write("face-\(scenario.rawValue)", FaceFrameSource(options: options).views(frameIndex: 30, elapsed: 2).first)
        }
        for seed: UInt64 in [1, 2, 3] where wanted("seeds") {
            let options = SimulationOptions(id: "sim", seed: seed, scenario: .good, timeScale: 0)
            let request = CaptureRequest(modality: .finger, positions: [.finger(.rightIndex)])
            try write("finger-seed\(seed)", FingerFrameSource(position: .rightIndex, request: request, options: options).views(frameIndex: 25, elapsed: 2.5).first)
            try write("iris-seed\(seed)", IrisFrameSource(eyes: [.right], options: options).views(frameIndex: 30, elapsed: 2).first)
            try write("face-seed\(seed)", FaceFrameSource(options: options).views(frameIndex: 30, elapsed: 2).first)
        }
    }
}
