import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated 4-4-2 optical fingerprint scanner: single fingers (positions 1–10, 400 × 500) and
/// slaps (13 right four, 14 left four, 15 two thumbs; 1600 × 1500), 500 ppi, ~10 fps, with the
/// placement timeline and scenarios of `SimulationOptions`.
public typealias SimulatedFingerprintScanner = SimulatedDevice<FingerprintScannerModel>

/// The 4-4-2 scanner's model for `SimulatedDevice`.
public struct FingerprintScannerModel: SimulatedDeviceModel {
    public static let driverName = "finger"
    public static let modality = Modality.finger
    public static let modelName = "Simulated 4-4-2 scanner"
    public static let framesPerSecond = 10.0
    public static let capabilities: DeviceCapabilities = {
        let singles = (1...10).compactMap { FingerPosition(rawValue: $0) }
        let positions = (singles + [.plainRightFour, .plainLeftFour, .plainThumbs]).map { BiometricPosition.finger($0) }
        return DeviceCapabilities(
            imageWidth: FingerprintSynthesizer.slapSize.width, imageHeight: FingerprintSynthesizer.slapSize.height,
            ppi: 500, framesPerSecond: framesPerSecond, positions: positions)
    }()

    public static var testImageSize: (width: Int, height: Int) { FingerprintSynthesizer.singleSize }

    public init() {}

    public func sourceMaker(for request: CaptureRequest, options: SimulationOptions) throws(BiocapError) -> @Sendable () -> any SimulatedFrameSource {
        guard request.positions.count == 1, case .finger(let position)? = request.positions.first else {
            throw .invalidRequest(field: "positions", reason: "a fingerprint capture takes exactly one finger or slap")
        }
        return { FingerFrameSource(position: position, request: request, options: options) }
    }

    public func testImage(options: SimulationOptions) -> CapturedImage {
        let planes = FingerprintSynthesizer.singleFinger(seed: options.seed, position: .rightIndex)
        let contact = FingerContact(coverage: 1, contrast: 1, shiftX: 0, shiftY: 0, motionBlur: 0)
        return .gray(FingerprintRenderer(planes: planes, seed: options.seed).render(contact, frameIndex: 0))
    }
}
