import BiocapCore
import BiocapImaging
import BiocapDeviceKit

extension UVCCamera {
    /// How long a triggered still may take to arrive.
    static let stillTimeout: Duration = .seconds(5)
    /// Bulk still reads (method 3) of this size when the camera gives no dwMaxPayloadTransferSize.
    static let stillBulkChunk = 16_384

    /// The camera's still capture: the method of the streaming interface in use and, for methods 2
    /// and 3, the format whose still image frame descriptor gives the sizes (the streamed format
    /// when it has one). `nil` before `open()`.
    public var stillSupport: (method: UVCStillCaptureMethod, format: UVCFormatDescriptor?, still: UVCStillImageFrame?)? {
        guard let choice else { return nil }
        let method = choice.interface.stillCaptureMethod
        let format = choice.format.stillFrame != nil ? choice.format : choice.interface.formats.first { $0.stillFrame != nil }
        return (method, format, format?.stillFrame)
    }

    /// Captures one still image: the camera's own still (methods 2 and 3, UVC 1.5 §2.4.2.4) at
    /// `size` (width, height; the largest still size when nil), or, when the camera has no still
    /// capture, one frame of the video stream (method 1) at `size` when the streamed format offers it.
    /// Needs the camera open and not capturing.
    /// - Throws: `deviceNotOpen`, `deviceBusy`, `invalidRequest` for a size the camera does not
    ///   offer, `deviceFailure` when no still arrives in time, transport errors as `BiocapError`.
    public func captureStill(size: (Int, Int)? = nil) async throws -> CapturedImage {
        if isDisconnected { throw BiocapError.deviceDisconnected(device: descriptor.id) }
        guard isOpen, let description = deviceDescription, let choice else { throw BiocapError.deviceNotOpen(device: descriptor.id) }
        if let liveLease, !liveLease.isEnded { throw BiocapError.deviceBusy(device: descriptor.id) }
        guard let support = stillSupport, support.method.isCameraStill, let format = support.format, let still = support.still else {
            return try await videoFrameStill(size: size)
        }
        guard let target = size.map({ UVCStillImageFrame.Size(width: $0.0, height: $0.1) }) ?? still.largest,
              let sizeIndex = still.index(width: target.width, height: target.height)
        else {
            let offered = still.sizes.map { "\($0.width)x\($0.height)" }.joined(separator: ", ")
            throw BiocapError.invalidRequest(field: "size", reason: "the camera's still sizes are \(offered)")
        }
        let lease = StreamLease()
        liveLease = lease
        let bytes: [UInt8]
        do {
            await stopStreaming()
            try await apply(settings, description: description)
            let negotiator = UVCNegotiator(transport: transport, description: description, interface: choice.interface)
            if support.method == .videoEndpoint {
                let videoFrame = format == choice.format ? choice.frame : format.frames.first ?? choice.frame
                bytes = try await stillOnVideoEndpoint(negotiator, format: format, videoFrame: videoFrame, size: target, sizeIndex: sizeIndex)
            } else {
                bytes = try await stillOnBulkEndpoint(negotiator, format: format, still: still, size: target, sizeIndex: sizeIndex)
            }
        } catch {
            await stopStreaming()
            lease.end()
            if liveLease === lease { liveLease = nil }
            throw UVCCamera.biocapError(error, device: descriptor.id)
        }
        await stopStreaming()
        lease.end()
        if liveLease === lease { liveLease = nil }
        do {
            return try await Self.decodeStill(bytes, format: format.pixelFormat, size: target, colour: profile.colour)
        } catch {
            throw BiocapError.deviceFailure(device: descriptor.id, reason: "still image: \(error)")
        }
    }

    /// Method 2: stream the video, trigger, and keep the first frame whose payloads carry STI.
    private func stillOnVideoEndpoint(
        _ negotiator: UVCNegotiator, format: UVCFormatDescriptor, videoFrame: UVCFrameDescriptor,
        size: UVCStillImageFrame.Size, sizeIndex: UInt8
    ) async throws -> [UInt8] {
        let mode = try await negotiator.negotiate(format: format, frame: videoFrame)
        let control = try await negotiator.negotiateStill(format: format, sizeIndex: sizeIndex)
        if case .isochronous = mode.streamMode {
            try await usb { try await $0.setAlternateSetting(interface: mode.interfaceNumber, setting: mode.alternateSetting) }
        }
        activeInterface = mode.interfaceNumber
        let stillSize = format.uncompressedSize(width: size.width, height: size.height)
        // MJPEG cameras may report 0: allow an uncompressed-size JPEG, which no real one exceeds.
        let stillLimit = max(Int(control.maxVideoFrameSize), stillSize ?? size.width * size.height * 3)
        let (stills, continuation) = AsyncStream.makeStream(of: UVCRawFrame.self, bufferingPolicy: .bufferingOldest(1))
        let assembler = UVCFrameAssembler(
            maxFrameSize: max(mode.maxFrameSize, stillLimit), expectedFrameSize: mode.expectedFrameSize,
            expectsJPEG: format.pixelFormat == .mjpeg, expectedStillFrameSize: stillSize,
            deliver: { frame in if frame.isStill { continuation.yield(frame) } }, finished: { _ in continuation.finish() })
        activeStream = try await usb {
            try await $0.startStream(endpoint: mode.endpoint, mode: mode.streamMode, transfersInFlight: 4, handler: { event in assembler.handle(event) })
        }
        try await negotiator.triggerStill()
        guard let still = await Self.firstStill(stills, timeout: Self.stillTimeout) else {
            throw BiocapError.deviceFailure(device: descriptor.id, reason: "no still image (STI) frame within \(Self.stillTimeout)")
        }
        return still.bytes
    }

    /// Method 3: trigger, then read the still from the bulk still endpoint, payload by payload,
    /// until EOF or a short transfer.
    private func stillOnBulkEndpoint(
        _ negotiator: UVCNegotiator, format: UVCFormatDescriptor, still: UVCStillImageFrame, size: UVCStillImageFrame.Size, sizeIndex: UInt8
    ) async throws -> [UInt8] {
        guard still.endpointAddress & 0x80 != 0, still.endpointAddress & 0x0f != 0 else {
            throw BiocapError.protocolViolation(device: descriptor.id, reason: "method 3 still endpoint 0x\(String(still.endpointAddress, radix: 16)) is not an IN endpoint")
        }
        let control = try await negotiator.negotiateStill(format: format, sizeIndex: sizeIndex)
        try await negotiator.triggerStill()
        let chunk = control.maxPayloadTransferSize > 0 ? Int(control.maxPayloadTransferSize) : Self.stillBulkChunk
        let limit = max(Int(control.maxVideoFrameSize), format.uncompressedSize(width: size.width, height: size.height) ?? size.width * size.height * 3)
        var image: [UInt8] = []
        while true {
            let packet = try await usb { try await $0.bulkRead(endpoint: still.endpointAddress, length: chunk, timeout: Self.stillTimeout) }
            if packet.isEmpty { break }
            guard let header = packet.withUnsafeBytes({ UVCPayloadHeader($0) }), !header.error else {
                throw BiocapError.protocolViolation(device: descriptor.id, reason: "bad or erroneous payload on the still endpoint")
            }
            image += packet[header.length...]
            guard image.count <= limit else {
                throw BiocapError.protocolViolation(device: descriptor.id, reason: "still image exceeds \(limit) bytes")
            }
            if header.endOfFrame || packet.count < chunk { break }
        }
        return image
    }

    /// Method 1 (and the fallback): the next frame of the video stream, at `size` when given.
    private func videoFrameStill(size: (Int, Int)?) async throws -> CapturedImage {
        guard let choice else { throw BiocapError.deviceNotOpen(device: descriptor.id) }
        if let size, size != (choice.frame.width, choice.frame.height) {
            guard let frame = choice.format.frames.first(where: { $0.width == size.0 && $0.height == size.1 }) else {
                throw BiocapError.invalidRequest(field: "size", reason: "the camera has no still capture and streams no \(size.0)x\(size.1)")
            }
            self.choice = (choice.interface, choice.format, frame)
        }
        defer { self.choice = choice }
        let stream = try frames(for: CaptureRequest(modality: profile.modality, positions: [profile.positions[0]]))
        for try await frame in stream {
            guard let view = frame.views.first else { continue }
            // A face camera's frames are decoded reduced for the gate; a still is the full frame.
            guard let encoded = view.fullResolution else { return view.image }
            return try encoded.decoded(with: try JPEGDecoder())
        }
        throw BiocapError.deviceFailure(device: descriptor.id, reason: "the video stream ended before a frame arrived")
    }

    /// The first still delivered, or nil when the stream ends or `timeout` passes first.
    nonisolated static func firstStill(_ stills: AsyncStream<UVCRawFrame>, timeout: Duration) async -> UVCRawFrame? {
        let raced = try? await withDeadline(after: timeout) { () -> UVCRawFrame? in
            for await still in stills { return still }
            return nil
        }
        guard case .finished(let still)? = raced else { return nil }
        return still
    }

    /// Decodes a still off the actor (a still can be large).
    nonisolated static func decodeStill(_ bytes: [UInt8], format: UVCPixelFormat, size: UVCStillImageFrame.Size, colour: Bool) async throws -> CapturedImage {
        let decoder = try UVCFrameDecoder()
        return try decoder.decode(bytes, format: format, width: size.width, height: size.height, colour: colour)
    }
}
