import BiocapDeviceKit
import BiocapSynthesis

/// How a simulated device behaves. Same options and seed give the same frames.
public struct SimulationOptions: Sendable, Hashable {
    /// Device id, e.g. `sim-finger-0`.
    public var id: String
    public var seed: UInt64
    public var scenario: SimulationScenario
    /// Multiplies the simulated frame interval and placement timeline: 1 is real time,
    /// 0 runs as fast as frames can be made (tests).
    public var timeScale: Double

    public init(id: String, seed: UInt64 = 1, scenario: SimulationScenario = .good, timeScale: Double = 1) {
        self.id = id
        self.seed = seed
        self.scenario = scenario
        self.timeScale = timeScale
    }
}
