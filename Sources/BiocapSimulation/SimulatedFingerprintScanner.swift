import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated 4-4-2 optical fingerprint scanner: single fingers (positions 1–10, 400 × 500) and
/// slaps (13 right four, 14 left four, 15 two thumbs; 1600 × 1500), 500 ppi, ~10 fps, with the
/// placement timeline and scenarios of `SimulationOptions`. All state lives on this actor; frames
/// are synthesised in the consuming task.
public actor SimulatedFingerprintScanner: BiometricDevice {
    public nonisolated let descriptor: DeviceDescriptor
    public nonisolated let options: SimulationOptions
    private var state = SimulatedDeviceState()

    static let framesPerSecond = 10.0

    public init(options: SimulationOptions) {
        self.options = options
        let singles = (1...10).compactMap { FingerPosition(rawValue: $0) }
        let positions = (singles + [.plainRightFour, .plainLeftFour, .plainThumbs]).map { BiometricPosition.finger($0) }
        descriptor = SimulatedDeviceSupport.descriptor(
            options: options, modality: .finger, model: "Simulated 4-4-2 scanner", driver: "finger",
            capabilities: DeviceCapabilities(
                imageWidth: FingerprintSynthesizer.slapSize.width, imageHeight: FingerprintSynthesizer.slapSize.height,
                ppi: 500, framesPerSecond: Self.framesPerSecond, positions: positions))
    }

    public func open() async throws(BiocapError) { state.open() }

    public func close() async { state.close() }

    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        let seed = options.seed
        return SimulatedDeviceSupport.selfTest(
            descriptor: descriptor, scenario: options.scenario, disconnected: state.isDisconnected,
            expectedSize: FingerprintSynthesizer.singleSize
        ) {
            let planes = FingerprintSynthesizer.singleFinger(seed: seed, position: .rightIndex)
            let contact = FingerContact(coverage: 1, contrast: 1, shiftX: 0, shiftY: 0, motionBlur: 0)
            return .gray(FingerprintRenderer(planes: planes, seed: seed).render(contact, frameIndex: 0))
        }
    }

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        try SimulatedDeviceSupport.check(request, for: descriptor)
        guard request.positions.count == 1, case .finger(let position)? = request.positions.first else {
            throw BiocapError.invalidRequest(field: "positions", reason: "a fingerprint capture takes exactly one finger or slap")
        }
        let lease = try state.beginStream(device: descriptor.id)
        let options = options
        return SimulatedStream.make(
            device: descriptor.id, options: options, framesPerSecond: Self.framesPerSecond, lease: lease,
            source: { FingerFrameSource(position: position, request: request, options: options) },
            finished: { [weak self] end in await self?.streamEnded(lease, end) })
    }

    private func streamEnded(_ lease: StreamLease, _ end: SimulatedStream.End) {
        state.streamEnded(lease, unplugged: end == .unplugged)
    }
}
