import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated signature pad shaped like a Wacom STU-430: 9600 × 6000 counts at 2540 lines per inch (100 counts/mm,
/// so 96 × 60 mm), pressure 0…1023, 200 samples per second, a signing box 5 mm inside the edges. The STU-430's
/// capability report gives the counts, pressure and resolution (`tabletMaxX 9600, tabletMaxY 6000,
/// tabletMaxPressure 1023, resolution 2540`, in the decoded STU-430V sample of the shared HID data); its rate is
/// Wacom's published 200 points per second.
///
/// Each pen-sample stream is a person signing (`HandwritingModel`, `SignatureTimeline`): the pen approaches hovering,
/// writes a seeded signature, lifts and leaves; then the pad is silent until the consumer stops reading. The n-th
/// stream of a device writes signature n of its seed (a retry is a new signature), identical for the same seed.
/// Scenarios: `good`; `tooShort` (initials); `outsideBox`; `hovering` (never touches); `shaky` (tremor, slower, more
/// strokes); `unplug` (`deviceDisconnected` after ~1 s of writing); `transferTimeout`; the others write as `good`.
///
/// All state lives on this actor; samples are handed out in the consuming task.
public actor SimulatedSignaturePad: SignaturePad {
    /// The surface, resolution and signing box of the simulated pad.
    public static let padGeometry = PadGeometry(
        width: 9600, height: 6000, xCountsPerMillimetre: 100, yCountsPerMillimetre: 100, pressureMaximum: 1023,
        samplesPerSecond: 200, tilt: false, signingBox: PadBox(x: 500, y: 500, width: 8600, height: 5000))

    /// The descriptor's image size is the surface rendered at 8 pixels per millimetre (203 ppi): 768 × 480.
    public static let capabilities = DeviceCapabilities(
        imageWidth: 768, imageHeight: 480, ppi: 203, framesPerSecond: padGeometry.samplesPerSecond, positions: [.signature])

    public static let driverName = "signature"
    public static let modelName = "Simulated signature pad (STU-430 class)"

    public nonisolated let descriptor: DeviceDescriptor
    public nonisolated let options: SimulationOptions
    public nonisolated let geometry: PadGeometry = padGeometry
    private var state = SimulatedDeviceState()
    private var streamsStarted: UInt64 = 0
    /// What the pad's screen shows (`show(_:)`); nil until something is shown.
    public private(set) var prompt: PadPrompt?

    public init(options: SimulationOptions) {
        self.options = options
        descriptor = SimulatedDeviceSupport.descriptor(
            options: options, modality: .signature, model: Self.modelName, driver: Self.driverName, capabilities: Self.capabilities)
    }

    public func open() async throws(BiocapError) { state.open() }

    public func close() async {
        state.close()
        prompt = nil
    }

    /// Checks the pad answers, then writes a short synthetic stroke and checks its samples: the 200 Hz clock, every
    /// coordinate on the surface, pressure within 1…1023 while touching and 0 while not, and a hover–touch–lift order.
    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        let answering = !state.isDisconnected && options.scenario != .unplug
        var checks = [DiagnosticCheck(
            name: "communication", passed: answering,
            detail: answering ? "pad answers (firmware sim-1)" : "pad does not answer: disconnected")]
        guard answering else { return DiagnosticReport(device: descriptor, checks: checks) }
        let stroke = Self.timeline(seed: options.seed, scenario: .tooShort)
        checks += SignaturePadSelfTest.checks(of: stroke.samples, geometry: geometry)
        return DiagnosticReport(device: descriptor, checks: checks)
    }

    public func penSamples(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<PenPoint, any Error> {
        _ = try request.admit(on: descriptor)
        let lease = try state.beginStream(device: descriptor.id)
        let seed = streamsStarted == 0 ? options.seed : SimulationRandom.mix(options.seed &+ streamsStarted)
        streamsStarted += 1
        let timeline = Self.timeline(seed: seed, scenario: options.scenario)
        return PenSampleStream.make(
            device: descriptor.id, timeline: timeline, options: options, lease: lease,
            finished: { [weak self] end in await self?.streamEnded(lease, end) })
    }

    public func show(_ prompt: PadPrompt) async { self.prompt = prompt }

    /// The samples a signer writes for `seed` in `scenario` on this pad.
    static func timeline(seed: UInt64, scenario: SimulationScenario) -> SignatureTimeline {
        SignatureTimeline(signature: HandwritingModel.signature(seed: seed, scenario: scenario), geometry: padGeometry,
                          seed: seed, scenario: scenario)
    }

    private func streamEnded(_ lease: StreamLease, _ end: SimulatedStream.End) {
        state.streamEnded(lease, unplugged: end == .unplugged)
    }
}
