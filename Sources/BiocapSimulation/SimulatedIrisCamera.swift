import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated dual near-infrared iris camera: both eyes at once, 640 × 480 grey per eye, ~15 fps.
/// A frame carries one view per requested eye (`right-iris`, `left-iris`). All state lives on this
/// actor; frames are synthesised in the consuming task.
public actor SimulatedIrisCamera: BiometricDevice {
    public nonisolated let descriptor: DeviceDescriptor
    public nonisolated let options: SimulationOptions
    private var state = SimulatedDeviceState()

    static let framesPerSecond = 15.0

    public init(options: SimulationOptions) {
        self.options = options
        descriptor = SimulatedDeviceSupport.descriptor(
            options: options, modality: .iris, model: "Simulated dual iris camera", driver: "iris",
            capabilities: DeviceCapabilities(
                imageWidth: IrisSynthesizer.size.width, imageHeight: IrisSynthesizer.size.height,
                framesPerSecond: Self.framesPerSecond, positions: [.iris(.right), .iris(.left)]))
    }

    public func open() async throws(BiocapError) { state.open() }

    public func close() async { state.close() }

    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        let seed = IrisFrameSource.eyeSeed(options.seed, .right)
        return SimulatedDeviceSupport.selfTest(
            descriptor: descriptor, scenario: options.scenario, disconnected: state.isDisconnected,
            expectedSize: IrisSynthesizer.size
        ) {
            .gray(IrisSynthesizer.cachedEye(seed: seed, appearance: IrisSynthesizer.Appearance(scenario: .good, eye: .right)))
        }
    }

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        try SimulatedDeviceSupport.check(request, for: descriptor)
        let eyes = request.positions.compactMap { position -> EyePosition? in
            if case .iris(let eye) = position { eye } else { nil }
        }
        let lease = try state.beginStream(device: descriptor.id)
        let options = options
        return SimulatedStream.make(
            device: descriptor.id, options: options, framesPerSecond: Self.framesPerSecond, lease: lease,
            source: { IrisFrameSource(eyes: eyes, options: options) },
            finished: { [weak self] end in await self?.streamEnded(lease, end) })
    }

    private func streamEnded(_ lease: StreamLease, _ end: SimulatedStream.End) {
        state.streamEnded(lease, unplugged: end == .unplugged)
    }
}
