import BiocapDeviceKit

/// Probe/commit on one streaming interface (UVC 1.5 §4.3.1.1), then the choice of alternate
/// setting. Issues its control transfers in a fixed order so a recorded session can be replayed:
/// GET_DEF probe, SET_CUR probe, GET_CUR probe, SET_CUR commit.
public struct UVCNegotiator: Sendable {
    public let transport: any USBTransport
    public let description: UVCDeviceDescription
    public let interface: UVCStreamingInterface
    public var timeout: Duration = .seconds(1)

    public init(transport: any USBTransport, description: UVCDeviceDescription, interface: UVCStreamingInterface) {
        self.transport = transport
        self.description = description
        self.interface = interface
    }

    /// Reads the probe control with `request` (GET_DEF, GET_CUR, GET_MIN or GET_MAX).
    public func getProbe(_ request: UVCRequest, selector: UInt8 = UVCRequest.probeControl) async throws -> UVCStreamingControl {
        let length = description.probeLength
        let reply = try await transport.controlIn(
            requestType: UVCRequest.requestTypeIn, request: request.rawValue, value: UInt16(selector) << 8,
            index: UInt16(interface.interfaceNumber), length: length, timeout: timeout)
        // UVC 1.0 cameras may answer a 1.1-sized request with 26 bytes; anything shorter is unusable.
        guard reply.count >= 26 else { throw UVCNegotiationError.shortReply(expected: length, got: reply.count) }
        return UVCStreamingControl(bytes: reply, length: length)
    }

    /// Writes the probe (or commit) control with SET_CUR.
    public func setProbe(_ control: UVCStreamingControl, selector: UInt8 = UVCRequest.probeControl) async throws {
        try await transport.controlOut(
            requestType: UVCRequest.requestTypeOut, request: UVCRequest.setCurrent.rawValue, value: UInt16(selector) << 8,
            index: UInt16(interface.interfaceNumber), data: control.bytes, timeout: timeout)
    }

    /// The camera's probe limits (GET_MIN, GET_MAX), for diagnostics.
    public func probeLimits() async throws -> (minimum: UVCStreamingControl, maximum: UVCStreamingControl) {
        (try await getProbe(.getMinimum), try await getProbe(.getMaximum))
    }

    /// Negotiates `format`/`frame` at the interval nearest `interval` (the frame's default when nil)
    /// and commits it. Fields other than format, frame and interval keep the camera's defaults.
    public func negotiate(format: UVCFormatDescriptor, frame: UVCFrameDescriptor, interval: UInt32? = nil) async throws -> UVCNegotiatedMode {
        var probe = try await step("probe GET_DEF") { try await getProbe(.getDefault) }
        probe.formatIndex = format.index
        probe.frameIndex = frame.index
        probe.frameInterval = frame.intervals.nearest(to: interval ?? frame.defaultInterval)
        try await step("probe SET_CUR") { [probe] in try await setProbe(probe) }
        var agreed = try await step("probe GET_CUR") { try await getProbe(.getCurrent) }
        guard let chosenFormat = interface.formats.first(where: { $0.index == agreed.formatIndex }),
              let chosenFrame = chosenFormat.frames.first(where: { $0.index == agreed.frameIndex })
        else { throw UVCNegotiationError.unknownFormat(formatIndex: agreed.formatIndex, frameIndex: agreed.frameIndex) }
        try await step("commit SET_CUR") { [agreed] in try await setProbe(agreed, selector: UVCRequest.commitControl) }
        if agreed.maxVideoFrameSize == 0 {
            agreed.maxVideoFrameSize = UInt32(clamping: Self.frameSize(format: chosenFormat, frame: chosenFrame))
        }
        return try mode(control: agreed, format: chosenFormat, frame: chosenFrame)
    }

    /// Negotiates a method 2/3 still of `format` at the 1-based still size `sizeIndex` (UVC 1.5
    /// §4.3.1.2): SET_CUR still probe, GET_CUR still probe, SET_CUR still commit of what the camera
    /// answered. Returns the committed block.
    public func negotiateStill(format: UVCFormatDescriptor, sizeIndex: UInt8) async throws -> UVCStillControl {
        let compression: UInt8 = (format.stillFrame?.compressions.isEmpty ?? true) ? 0 : 1
        let request = UVCStillControl(formatIndex: format.index, frameIndex: sizeIndex, compressionIndex: compression)
        try await step("still probe SET_CUR") { try await setStill(request, selector: UVCRequest.stillProbeControl) }
        let agreed = try await step("still probe GET_CUR") { try await getStill(.getCurrent) }
        let sizes = format.stillFrame?.sizes.count ?? 0
        guard agreed.formatIndex == format.index, agreed.frameIndex >= 1, Int(agreed.frameIndex) <= sizes else {
            throw UVCNegotiationError.unknownFormat(formatIndex: agreed.formatIndex, frameIndex: agreed.frameIndex)
        }
        try await step("still commit SET_CUR") { try await setStill(agreed, selector: UVCRequest.stillCommitControl) }
        return agreed
    }

    /// Reads the still probe (or commit) control.
    public func getStill(_ request: UVCRequest, selector: UInt8 = UVCRequest.stillProbeControl) async throws -> UVCStillControl {
        let reply = try await transport.controlIn(
            requestType: UVCRequest.requestTypeIn, request: request.rawValue, value: UInt16(selector) << 8,
            index: UInt16(interface.interfaceNumber), length: UVCStillControl.length, timeout: timeout)
        guard reply.count == UVCStillControl.length else {
            throw UVCNegotiationError.shortReply(expected: UVCStillControl.length, got: reply.count)
        }
        return UVCStillControl(bytes: reply)
    }

    /// Writes the still probe (or commit) control with SET_CUR.
    public func setStill(_ control: UVCStillControl, selector: UInt8) async throws {
        _ = try await transport.controlOut(
            requestType: UVCRequest.requestTypeOut, request: UVCRequest.setCurrent.rawValue, value: UInt16(selector) << 8,
            index: UInt16(interface.interfaceNumber), data: control.bytes, timeout: timeout)
    }

    /// VS_STILL_IMAGE_TRIGGER_CONTROL SET_CUR 1: "transmit still image" (the camera resets it to 0).
    public func triggerStill() async throws {
        try await step("still trigger SET_CUR") {
            _ = try await transport.controlOut(
                requestType: UVCRequest.requestTypeOut, request: UVCRequest.setCurrent.rawValue,
                value: UInt16(UVCRequest.stillImageTriggerControl) << 8, index: UInt16(interface.interfaceNumber), data: [1], timeout: timeout)
        }
    }

    /// Runs one probe/commit step; a timeout or stall names the step (a gone device stays `noDevice`).
    private func step<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as USBTransferError {
            switch error {
            case .timeout, .stall: throw UVCNegotiationError.stepFailed(step: name, reason: error.description)
            default: throw error
            }
        }
    }

    /// The frame size to assume when the camera reports 0: w×h×bpp/8 uncompressed, else the frame
    /// descriptor's dwMaxVideoFrameBufferSize.
    public static func frameSize(format: UVCFormatDescriptor, frame: UVCFrameDescriptor) -> Int {
        format.uncompressedSize(of: frame) ?? frame.maxFrameBufferSize
    }

    /// Chooses bulk when the video endpoint is bulk, else the smallest isochronous setting whose
    /// bytes per interval carry dwMaxPayloadTransferSize.
    func mode(control: UVCStreamingControl, format: UVCFormatDescriptor, frame: UVCFrameDescriptor) throws -> UVCNegotiatedMode {
        let payload = Int(control.maxPayloadTransferSize)
        let frameSize = max(Int(control.maxVideoFrameSize), Self.frameSize(format: format, frame: frame))
        let streamMode: USBStreamMode
        let setting: UVCAlternateSetting
        if let bulk = interface.bulkSetting {
            setting = bulk
            streamMode = .bulk(transferSize: payload > 0 ? payload : 512 * 32)
        } else if let iso = interface.isochronousSetting(forPayload: payload) {
            setting = iso
            streamMode = .isochronous(packetsPerTransfer: 32, packetSize: iso.bytesPerInterval)
        } else {
            throw UVCNegotiationError.noEndpoint(interface: interface.interfaceNumber)
        }
        return UVCNegotiatedMode(
            interfaceNumber: interface.interfaceNumber, format: format, frame: frame, control: control,
            alternateSetting: setting.isBulk ? 0 : setting.setting, endpoint: setting.endpoint ?? interface.endpoint,
            streamMode: streamMode, maxFrameSize: frameSize)
    }
}
