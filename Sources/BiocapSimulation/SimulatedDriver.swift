import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A registry entry for a simulated device: chosen by name (`finger`, `iris`, `face`) in configuration.
public struct SimulatedDriver: Sendable {
    public var name: String
    public var modality: Modality
    public var make: @Sendable (SimulationOptions) -> any BiometricDevice

    public init(name: String, modality: Modality, make: @escaping @Sendable (SimulationOptions) -> any BiometricDevice) {
        self.name = name
        self.modality = modality
        self.make = make
    }
}
