import BiocapCore
import BiocapDeviceKit
import BiocapUVC
import Synchronization

/// A `USBTransport` that behaves like a UVC 1.1 camera: it answers the configuration descriptor,
/// probe/commit and camera controls, tracks claimed interfaces and alternate settings, and streams
/// isochronous payloads of simulated face or iris frames (MJPEG, YUY2 or Y8) with faults injected
/// on request. It lets the real `UVCCamera` run end to end without hardware.
///
/// Safe to call from any task: its state sits behind a mutex. The stream handler runs on one
/// task per stream, one call at a time, like libusb's event thread.
public final class SimulatedUVCTransport: USBTransport {
    public let model: SimulatedUVCModel
    public let options: SimulationOptions
    public let faults: SimulatedUVCFaults
    let descriptors: [UInt8]
    let state = Mutex(State())

    struct State {
        var unplugged = false
        var claimed: Set<Int> = []
        var alternateSetting = 0
        var probe = UVCStreamingControl(length: 34)
        var commit: UVCStreamingControl?
        var controls: [UInt16: Int] = SimulatedUVCControls.defaults
        var streaming = false
        var stillProbe = UVCStillControl()
        var stillCommit: UVCStillControl?
        /// VS_STILL_IMAGE_TRIGGER_CONTROL: 1 from SET_CUR until the stream sends the still.
        var stillTrigger: UInt8 = 0
        /// Every control request, in order (`bmRequestType`, `bRequest`, `wValue`, `wIndex`), for tests.
        var requests: [(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16)] = []
    }

    /// The probe/commit block length of UVC 1.1.
    static let probeLength = 34

    public init(model: SimulatedUVCModel, options: SimulationOptions, faults: SimulatedUVCFaults = SimulatedUVCFaults()) {
        self.model = model
        self.options = options
        self.faults = faults
        descriptors = SimulatedUVCDescriptors.make(model)
        state.withLock { $0.probe = Self.negotiated(UVCStreamingControl(length: Self.probeLength), model: model) }
    }

    /// Makes the device disappear: the running stream ends with `.noDevice`, every call fails.
    public func unplug() { state.withLock { $0.unplugged = true } }

    public var isUnplugged: Bool { state.withLock { $0.unplugged } }
    public var claimedInterfaces: Set<Int> { state.withLock { $0.claimed } }
    public var currentAlternateSetting: Int { state.withLock { $0.alternateSetting } }
    /// The committed probe block, once a commit was received.
    public var committed: UVCStreamingControl? { state.withLock { $0.commit } }
    /// The committed still probe block, once a still commit was received.
    public var committedStill: UVCStillControl? { state.withLock { $0.stillCommit } }

    /// The still mode to send next when the trigger was set, resetting the trigger (as the camera
    /// does once the still is on its way).
    func takeStillTrigger() -> SimulatedUVCModel.Mode? {
        let model = model
        return state.withLock { state -> SimulatedUVCModel.Mode? in
            guard state.stillTrigger == 1, let commit = state.stillCommit else { return nil }
            state.stillTrigger = 0
            return model.stillMode(format: commit.formatIndex, frame: commit.frameIndex)
        }
    }

    /// A control's current value, keyed as `selector << 8 | unit`.
    public func controlValue(_ control: UVCControl) -> Int? {
        state.withLock { $0.controls[SimulatedUVCControls.key(control)] }
    }

    // MARK: USBTransport

    public func configurationDescriptor() async throws(USBTransferError) -> [UInt8] {
        try checkPresent()
        return descriptors
    }

    public func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError) {
        try checkPresent()
        guard number == 0 || number == 1 else { throw .io("no interface \(number)") }
        state.withLock { _ = $0.claimed.insert(number) }
    }

    public func releaseInterface(_ number: Int) async throws(USBTransferError) {
        try checkPresent()
        state.withLock { _ = $0.claimed.remove(number) }
    }

    public func setAlternateSetting(interface: Int, setting: Int) async throws(USBTransferError) {
        try checkPresent()
        let ok = state.withLock { state -> Bool in
            guard interface == 1, state.claimed.contains(1), (0...SimulatedUVCDescriptors.packetSizes.count).contains(setting) else { return false }
            state.alternateSetting = setting
            return true
        }
        guard ok else { throw .stall(endpoint: 0) }
    }

    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        try checkPresent()
        try state.withLock { state throws(USBTransferError) in
            state.requests.append((requestType, request, value, index))
            guard requestType == UVCRequest.requestTypeOut, request == UVCRequest.setCurrent.rawValue else { throw .stall(endpoint: 0) }
            if index & 0xff == 1 {
                if try Self.stillOut(&state, selector: UInt8(value >> 8), data: data, model: model) { return }
                guard data.count == Self.probeLength else { throw .stall(endpoint: 0) }
                let block = Self.negotiated(UVCStreamingControl(bytes: data, length: Self.probeLength), model: model)
                switch UInt8(value >> 8) {
                case UVCRequest.probeControl: state.probe = block
                case UVCRequest.commitControl: state.commit = block
                default: throw .stall(endpoint: 0)
                }
            } else {
                try SimulatedUVCControls.set(&state.controls, value: value, index: index, data: data)
            }
        }
        return data.count
    }

    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        try checkPresent()
        let model = model
        return try state.withLock { state throws(USBTransferError) -> [UInt8] in
            state.requests.append((requestType, request, value, index))
            guard requestType == UVCRequest.requestTypeIn, let request = UVCRequest(rawValue: request) else { throw .stall(endpoint: 0) }
            if index & 0xff == 1 {
                let selector = UInt8(value >> 8)
                if let reply = try Self.stillIn(state, selector: selector, request: request, model: model) {
                    return Array(reply.prefix(length))
                }
                guard selector == UVCRequest.probeControl || selector == UVCRequest.commitControl else { throw .stall(endpoint: 0) }
                let block: UVCStreamingControl
                switch request {
                case .getCurrent: block = selector == UVCRequest.probeControl ? state.probe : (state.commit ?? state.probe)
                case .getDefault: block = Self.negotiated(UVCStreamingControl(length: Self.probeLength), model: model)
                case .getMinimum: block = Self.negotiated(UVCStreamingControl(length: Self.probeLength), model: model, interval: SimulatedUVCModel.intervals.min())
                case .getMaximum: block = Self.negotiated(UVCStreamingControl(length: Self.probeLength), model: model, interval: SimulatedUVCModel.intervals.max())
                default: throw .stall(endpoint: 0)
                }
                return Array(block.bytes.prefix(length))
            }
            return try SimulatedUVCControls.get(state.controls, request: request, value: value, index: index, length: length)
        }
    }

    public func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .stall(endpoint: endpoint) }
    public func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .stall(endpoint: endpoint) }
    public func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .stall(endpoint: endpoint) }
    public func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .timeout(endpoint: endpoint) }

    public func startStream(
        endpoint: UInt8, mode: USBStreamMode, transfersInFlight: Int, handler: @escaping @Sendable (USBStreamEvent) -> Void
    ) async throws(USBTransferError) -> any USBStream {
        try checkPresent()
        guard case .isochronous(_, let packetSize) = mode else { throw .notSupported("bulk streaming on an isochronous camera") }
        let model = model
        let setup = state.withLock { state -> (commit: UVCStreamingControl, setting: Int, mode: SimulatedUVCModel.Mode)? in
            guard !state.streaming, let commit = state.commit, state.alternateSetting > 0,
                  let mode = model.mode(format: commit.formatIndex, frame: commit.frameIndex)
            else { return nil }
            state.streaming = true
            return (commit, state.alternateSetting, mode)
        }
        guard endpoint == SimulatedUVCDescriptors.endpoint, let setup else {
            if setup != nil { streamFinished() }
            throw .io("stream started without a commit and a non-zero alternate setting, or twice")
        }
        let (commit, setting, streamMode) = setup
        let bandwidth = SimulatedUVCDescriptors.packetSizes[setting - 1]
        let maxPacket = Int(bandwidth & 0x7ff) * (1 + Int((bandwidth >> 11) & 3))
        let stream = SimulatedUVCStream(
            transport: self, mode: streamMode, interval: commit.frameInterval, packetSize: min(packetSize, maxPacket), handler: handler)
        stream.start()
        return stream
    }

    /// SET_CUR of a still selector; false when `selector` is not one (then it is a video probe/commit).
    private static func stillOut(_ state: inout State, selector: UInt8, data: [UInt8], model: SimulatedUVCModel) throws(USBTransferError) -> Bool {
        switch selector {
        case UVCRequest.stillProbeControl, UVCRequest.stillCommitControl:
            guard model.stillMethod >= 2, data.count == UVCStillControl.length else { throw .stall(endpoint: 0) }
            let block = stillNegotiated(UVCStillControl(bytes: data), model: model)
            if selector == UVCRequest.stillProbeControl { state.stillProbe = block } else { state.stillCommit = block }
            return true
        case UVCRequest.stillImageTriggerControl:
            // Only a committed still while streaming can be sent.
            guard model.stillMethod >= 2, data == [1], state.stillCommit != nil, state.streaming else { throw .stall(endpoint: 0) }
            state.stillTrigger = 1
            return true
        default:
            return false
        }
    }

    /// GET of a still selector; nil when `selector` is not one.
    private static func stillIn(_ state: State, selector: UInt8, request: UVCRequest, model: SimulatedUVCModel) throws(USBTransferError) -> [UInt8]? {
        switch selector {
        case UVCRequest.stillProbeControl, UVCRequest.stillCommitControl:
            guard model.stillMethod >= 2 else { throw .stall(endpoint: 0) }
            switch request {
            case .getCurrent:
                return (selector == UVCRequest.stillProbeControl ? state.stillProbe : (state.stillCommit ?? state.stillProbe)).bytes
            case .getDefault, .getMinimum, .getMaximum:
                return stillNegotiated(UVCStillControl(), model: model).bytes
            default: throw .stall(endpoint: 0)
            }
        case UVCRequest.stillImageTriggerControl:
            guard model.stillMethod >= 2, request == .getCurrent else { throw .stall(endpoint: 0) }
            return [state.stillTrigger]
        default:
            return nil
        }
    }

    /// A still probe block as the camera answers it: indexes fixed up to ones it has, sizes filled in.
    static func stillNegotiated(_ request: UVCStillControl, model: SimulatedUVCModel) -> UVCStillControl {
        var block = request
        if model.stillMode(format: block.formatIndex, frame: block.frameIndex) == nil {
            block.formatIndex = 1
            block.frameIndex = 1
        }
        block.compressionIndex = 1
        let mode = model.stillMode(format: block.formatIndex, frame: block.frameIndex)
        block.maxVideoFrameSize = UInt32(mode.map { $0.width * $0.height * 2 } ?? 0)
        block.maxPayloadTransferSize = UInt32(model.maxPayload)
        return block
    }

    func streamFinished() { state.withLock { $0.streaming = false } }

    private func checkPresent() throws(USBTransferError) {
        if state.withLock({ $0.unplugged }) { throw .noDevice }
    }

    /// A probe block as the camera answers it: format/frame fixed up to ones it has, the interval
    /// snapped to an offered one, sizes filled in. MJPEG reports dwMaxVideoFrameSize 0, as some
    /// cameras do, so the host must use the frame descriptor's buffer size.
    static func negotiated(_ request: UVCStreamingControl, model: SimulatedUVCModel, interval: UInt32? = nil) -> UVCStreamingControl {
        var block = request
        if model.mode(format: block.formatIndex, frame: block.frameIndex) == nil {
            block.formatIndex = 1
            block.frameIndex = 1
        }
        let mode = model.mode(format: block.formatIndex, frame: block.frameIndex) ?? SimulatedUVCModel.Mode(format: .mjpeg, width: 1280, height: 720)
        let wanted = interval ?? (block.frameInterval == 0 ? SimulatedUVCModel.defaultInterval : block.frameInterval)
        block.frameInterval = UVCFrameIntervals.discrete(SimulatedUVCModel.intervals).nearest(to: wanted)
        block.maxVideoFrameSize = mode.format == .mjpeg ? 0 : UInt32(mode.width * mode.height * (mode.format.bitsPerPixel ?? 16) / 8)
        block.maxPayloadTransferSize = UInt32(model.maxPayload)
        block.clockFrequency = 48_000_000
        block.framingInfo = 0x03
        return block
    }
}
