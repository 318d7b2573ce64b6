import BiocapDeviceKit
import BiocapSynthesis

/// The simulated drivers, registered by name: `finger` (4-4-2 fingerprint scanner), `iris` (dual
/// NIR iris camera), `face` (colour face camera), `signature` (signature pad), and `uvc-face` /
/// `uvc-iris` (the real UVC driver over a simulated UVC camera at the USB transport level).
public enum SimulatedDrivers {
    public static let all: [SimulatedDriver] = [
        SimulatedDriver(name: "finger", modality: .finger) { SimulatedFingerprintScanner(options: $0) },
        SimulatedDriver(name: "iris", modality: .iris) { SimulatedIrisCamera(options: $0) },
        SimulatedDriver(name: "face", modality: .face) { SimulatedFaceCamera(options: $0) },
        SimulatedDriver(name: "signature", modality: .signature) { SimulatedSignaturePad(options: $0) },
        SimulatedDriver(name: "uvc-face", modality: .face) { SimulatedUVCCamera.make(options: $0, profile: .face) },
        SimulatedDriver(name: "uvc-iris", modality: .iris) { SimulatedUVCCamera.make(options: $0, profile: .iris) },
    ]
}
