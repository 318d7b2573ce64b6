/// The simulated drivers, registered by name: `finger` (4-4-2 fingerprint scanner), `iris` (dual
/// NIR iris camera) and `face` (colour face camera).
public enum SimulatedDrivers {
    public static let all: [SimulatedDriver] = [
        SimulatedDriver(name: "finger", modality: .finger) { SimulatedFingerprintScanner(options: $0) },
        SimulatedDriver(name: "iris", modality: .iris) { SimulatedIrisCamera(options: $0) },
        SimulatedDriver(name: "face", modality: .face) { SimulatedFaceCamera(options: $0) },
    ]
}
