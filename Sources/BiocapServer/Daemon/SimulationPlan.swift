import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import BiocapSimulation
import BiocapSynthesis
import Foundation

/// Which simulated devices to run, parsed from `--simulate` and `--scenario` flags.
///
/// `--simulate kit` means `finger,iris,face,signature` (the four devices of an e-KTP kit); a list
/// names drivers. `--scenario finger=dry` sets a device kind's scenario (default `good`).
public struct SimulationPlan: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var driver: String
        public var options: SimulationOptions
    }

    public var entries: [Entry]

    /// - Throws: `BiocapError.invalidRequest` naming the flag when a name is unknown.
    public init(simulate: [String], scenarios: [String] = [], seed: UInt64 = 1, timeScale: Double = 1,
                registry: DriverRegistry = .standard) throws(BiocapError) {
        var drivers: [String] = []
        for item in simulate.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) where !item.isEmpty {
            drivers += item == "kit" ? ["finger", "iris", "face", "signature"] : [item]
        }
        var chosen: [String: SimulationScenario] = [:]
        for item in scenarios {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let scenario = SimulationScenario(rawValue: parts[1]) else {
                let known = SimulationScenario.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidRequest(field: "--scenario", reason: "'\(item)' is not KIND=SCENARIO with SCENARIO one of \(known)")
            }
            chosen[parts[0]] = scenario
        }
        var counts: [String: Int] = [:]
        entries = []
        for driver in drivers {
            guard registry.simulatedDriver(named: driver) != nil else {
                let known = registry.simulatedDrivers.map(\.name).joined(separator: ", ")
                throw .invalidRequest(field: "--simulate", reason: "no simulated device '\(driver)' (known: kit, \(known))")
            }
            let number = counts[driver, default: 0]
            counts[driver] = number + 1
            let options = SimulationOptions(id: "sim-\(driver)-\(number)", seed: seed &+ UInt64(entries.count),
                                            scenario: chosen[driver] ?? .good, timeScale: timeScale)
            entries.append(Entry(driver: driver, options: options))
        }
        for kind in chosen.keys where !drivers.contains(kind) {
            throw .invalidRequest(field: "--scenario", reason: "'\(kind)' is not among the simulated devices")
        }
    }

    /// The plan's devices, each made by its simulated driver (not yet opened).
    public func makeDevices(registry: DriverRegistry = .standard) -> [any BiometricDevice] {
        entries.compactMap { entry in registry.simulatedDriver(named: entry.driver)?.make(entry.options) }
    }
}
