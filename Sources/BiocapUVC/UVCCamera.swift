import BiocapCore
import BiocapDeviceKit

/// A USB Video Class camera driven over any `USBTransport`: reads the descriptors, picks a format
/// for its profile, negotiates with probe/commit, streams, reassembles and decodes frames.
///
/// All state lives on this actor. Payloads are reassembled on the transport's event thread
/// (`UVCFrameAssembler`); frames are decoded in the capture's own task, never on the actor.
public actor UVCCamera: BiometricDevice {
    public private(set) var descriptor: DeviceDescriptor
    public nonisolated let profile: UVCProfile
    /// Control values applied at the start of every capture.
    public var settings: UVCSettings

    var transport: any USBTransport
    /// Gives a fresh transport when `open()` follows a disconnect (simulated replug); nil for real
    /// devices, which the daemon re-creates on hotplug.
    private let reconnect: (@Sendable () async -> (any USBTransport)?)?
    private(set) var isOpen = false
    var isDisconnected = false
    private var claimedInterfaces: [Int] = []
    /// The parsed descriptors, once open.
    public private(set) var deviceDescription: UVCDeviceDescription?
    var choice: (interface: UVCStreamingInterface, format: UVCFormatDescriptor, frame: UVCFrameDescriptor)?
    var liveLease: StreamLease?
    var activeStream: (any USBStream)?
    var activeInterface: Int?
    private var stopping: Task<Void, Never>?
    /// The mode and counters of the latest capture (diagnostics).
    public private(set) var negotiatedMode: UVCNegotiatedMode?
    private var counters: UVCStreamCounters?

    public init(
        id: String, transport: any USBTransport, profile: UVCProfile, model: String = "UVC camera", vendor: String = "UVC",
        driverName: String = "uvc", location: USBLocation? = nil, simulated: Bool = false, settings: UVCSettings = UVCSettings(),
        reconnect: (@Sendable () async -> (any USBTransport)?)? = nil
    ) {
        self.transport = transport
        self.profile = profile
        self.settings = settings
        self.reconnect = reconnect
        let size = profile.minimumSize
        descriptor = DeviceDescriptor(
            id: id, modality: profile.modality, vendor: vendor, model: model, driver: driverName, usb: location,
            simulated: simulated,
            capabilities: DeviceCapabilities(
                imageWidth: size.width, imageHeight: size.height, framesPerSecond: 0, positions: profile.positions,
                colour: profile.colour))
    }

    /// Statistics of the latest capture's stream.
    public var statistics: UVCStreamStatistics? { counters?.statistics }

    public func updateSettings(_ settings: UVCSettings) { self.settings = settings }

    /// Streams `format` at `width`×`height` instead of the profile's choice (a technician's test of a
    /// particular mode). Needs the camera open.
    /// - Throws: `deviceNotOpen`, or `invalidRequest` when the camera offers no such mode.
    public func selectMode(format: String, width: Int, height: Int) throws(BiocapError) {
        guard let description = deviceDescription else { throw .deviceNotOpen(device: descriptor.id) }
        for interface in description.streamingInterfaces {
            for candidate in interface.formats where candidate.pixelFormat.description.lowercased() == format.lowercased() {
                if let frame = candidate.frames.first(where: { $0.width == width && $0.height == height }) {
                    choice = (interface, candidate, frame)
                    descriptor.capabilities.imageWidth = width
                    descriptor.capabilities.imageHeight = height
                    return
                }
            }
        }
        throw .invalidRequest(field: "mode", reason: "the camera offers no \(format) \(width)x\(height)")
    }

    // MARK: Open and close

    public func open() async throws(BiocapError) {
        if isOpen { return }
        if isDisconnected {
            guard let reconnect, let fresh = await reconnect() else { throw BiocapError.deviceDisconnected(device: descriptor.id) }
            transport = fresh
            isDisconnected = false
        }
        let bytes = try await usb { try await $0.configurationDescriptor() }
        let parsed: UVCDeviceDescription
        do {
            parsed = try UVCDescriptorParser.parse(bytes)
        } catch {
            throw BiocapError.protocolViolation(device: descriptor.id, reason: "\(error)")
        }
        guard let chosen = profile.choose(from: parsed.streamingInterfaces) else {
            throw BiocapError.deviceFailure(device: descriptor.id, reason: "no decodable video format")
        }
        // Controls go to the VideoControl interface: uvcvideo is bound there, so detach it from both.
        for number in [parsed.controlInterface, chosen.interface.interfaceNumber] where !claimedInterfaces.contains(number) {
            try await usb { try await $0.claimInterface(number, detachingKernelDriver: true) }
            claimedInterfaces.append(number)
        }
        deviceDescription = parsed
        choice = chosen
        let rate = chosen.frame.defaultInterval > 0 ? 10_000_000 / Double(chosen.frame.defaultInterval) : 0
        descriptor.capabilities = DeviceCapabilities(
            imageWidth: chosen.frame.width, imageHeight: chosen.frame.height, framesPerSecond: (rate * 10).rounded() / 10,
            positions: profile.positions, colour: profile.colour && chosen.format.pixelFormat.isColour,
            controls: UVCControl.supported(by: parsed).map(\.rawValue))
        descriptor.firmware = "UVC \(parsed.versionString)"
        isOpen = true
    }

    public func close() async {
        liveLease?.end()
        liveLease = nil
        await stopStreaming()
        let transport = transport
        for number in claimedInterfaces.reversed() {
            try? await transport.releaseInterface(number)
        }
        claimedInterfaces = []
        isOpen = false
    }

    // MARK: Capture

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        let position = try check(request)
        if isDisconnected { throw BiocapError.deviceDisconnected(device: descriptor.id) }
        guard isOpen else { throw BiocapError.deviceNotOpen(device: descriptor.id) }
        if let liveLease, !liveLease.isEnded { throw BiocapError.deviceBusy(device: descriptor.id) }
        let lease = StreamLease()
        liveLease = lease
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Frame.self, bufferingPolicy: .bufferingNewest(1))
        let pump = UVCCapturePump(camera: self, lease: lease, position: position, colour: profile.colour,
                                  gateWidth: profile.gateWidth, device: descriptor.id)
        let task = Task.detached { await pump.run(into: continuation) }
        continuation.onTermination = { _ in
            lease.end()
            task.cancel()
        }
        return stream
    }

    /// Checks the request; returns the position the frames are labelled with.
    private func check(_ request: CaptureRequest) throws(BiocapError) -> BiometricPosition {
        let wanted = try request.admit(on: descriptor)
        guard wanted.count == 1, let position = wanted.first else {
            throw BiocapError.invalidRequest(field: "positions", reason: "a UVC camera sees one position at a time; request one eye")
        }
        return position
    }

    /// Applies the settings, negotiates, selects the bandwidth and starts the stream. Called from the
    /// capture's task.
    func startCapture(_ lease: StreamLease) async throws -> (frames: AsyncStream<UVCRawFrame>, mode: UVCNegotiatedMode, counters: UVCStreamCounters) {
        guard !lease.isEnded else { throw BiocapError.cancelled }
        await stopStreaming()  // a previous capture whose consumer left is still tearing down
        guard isOpen, let description = deviceDescription, let choice else { throw BiocapError.deviceNotOpen(device: descriptor.id) }
        try await apply(settings, description: description)
        let negotiator = UVCNegotiator(transport: transport, description: description, interface: choice.interface)
        let mode = try await mapped { try await negotiator.negotiate(format: choice.format, frame: choice.frame) }
        if case .isochronous = mode.streamMode {
            try await usb { try await $0.setAlternateSetting(interface: mode.interfaceNumber, setting: mode.alternateSetting) }
        }
        activeInterface = mode.interfaceNumber
        let counters = UVCStreamCounters()
        let (frames, rawContinuation) = AsyncStream.makeStream(of: UVCRawFrame.self, bufferingPolicy: .bufferingNewest(1))
        let assembler = UVCFrameAssembler(
            maxFrameSize: mode.maxFrameSize, expectedFrameSize: mode.expectedFrameSize, expectsJPEG: mode.format.pixelFormat == .mjpeg,
            counters: counters, deliver: { rawContinuation.yield($0) }, finished: { _ in rawContinuation.finish() })
        let stream = try await usb {
            try await $0.startStream(endpoint: mode.endpoint, mode: mode.streamMode, transfersInFlight: 4, handler: { event in assembler.handle(event) })
        }
        activeStream = stream
        negotiatedMode = mode
        self.counters = counters
        if lease.isEnded {
            await stopStreaming()
            throw BiocapError.cancelled
        }
        return (frames, mode, counters)
    }

    /// The capture's task is done: stop the stream, and mark the camera gone after an unplug.
    func captureEnded(_ lease: StreamLease, error: USBTransferError?) async {
        lease.end()
        if error == .noDevice {
            isDisconnected = true
            isOpen = false
            activeStream = nil
            claimedInterfaces = []
        }
        if liveLease === lease { liveLease = nil }
        await stopStreaming()
    }

    /// Stops the running stream and returns the interface to zero bandwidth. Every caller (capture
    /// end, next capture, close) waits for the same stop, so interfaces are never released under
    /// transfers still in flight.
    func stopStreaming() async {
        if let stream = activeStream {
            activeStream = nil
            let interface = activeInterface
            activeInterface = nil
            let transport = transport, gone = isDisconnected
            stopping = Task {
                await stream.stop()
                if let interface, !gone { try? await transport.setAlternateSetting(interface: interface, setting: 0) }
            }
        }
        await stopping?.value
    }

    func apply(_ settings: UVCSettings, description: UVCDeviceDescription) async throws {
        let controls = UVCControlClient(transport: transport, description: description)
        let supported = controls.supported
        for (control, value) in settings.writes where supported.contains(control) {
            try await mapped { try await controls.set(control, to: value) }
        }
    }

    /// A control's current value (GET_CUR), for diagnostics and tests.
    public func controlValue(_ control: UVCControl) async throws -> Int {
        guard let description = deviceDescription else { throw BiocapError.deviceNotOpen(device: descriptor.id) }
        let client = UVCControlClient(transport: transport, description: description)
        return try await mapped { try await client.get(control) }
    }

    // MARK: Errors

    /// Runs a transport call, turning its failure into a `BiocapError` (and noting an unplug).
    func usb<T: Sendable>(_ body: (any USBTransport) async throws -> T) async throws(BiocapError) -> T {
        do {
            return try await body(transport)
        } catch {
            if let usbError = error as? USBTransferError, usbError == .noDevice {
                isDisconnected = true
                isOpen = false
            }
            throw UVCCamera.biocapError(error, device: descriptor.id)
        }
    }

    func mapped<T: Sendable>(_ body: () async throws -> T) async throws(BiocapError) -> T {
        do {
            return try await body()
        } catch {
            throw UVCCamera.biocapError(error, device: descriptor.id)
        }
    }

    /// Any error of the UVC layer as a `BiocapError`.
    nonisolated static func biocapError(_ error: any Error, device: String) -> BiocapError {
        switch error {
        case let error as BiocapError: error
        case let error as USBTransferError: error.biocapError(device: device)
        case let error as UVCNegotiationError: .protocolViolation(device: device, reason: "\(error)")
        case let error as UVCControlError: .deviceFailure(device: device, reason: "\(error)")
        default: .deviceFailure(device: device, reason: "\(error)")
        }
    }
}
