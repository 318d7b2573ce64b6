import BiocapDeviceKit

/// Reassembles frames from a stream's payloads: FID toggles start a frame, EOF ends it, ERR or a
/// failed packet spoils it. Spoiled, short (or, uncompressed, wrongly sized) and oversized frames
/// are counted and dropped, never delivered.
///
/// Confined to the transport's event thread: `handle(_:)` is the stream handler and the transport
/// calls it one event at a time, so the mutable state needs no lock. It is `@unchecked Sendable`
/// only so the `@Sendable` handler closure may capture it; nothing else touches its state.
public final class UVCFrameAssembler: @unchecked Sendable {
    public let maxFrameSize: Int
    /// For uncompressed formats the exact size of a complete frame.
    public let expectedFrameSize: Int?
    /// For uncompressed formats the exact size of a complete still (STI) frame, when stills are expected.
    public let expectedStillFrameSize: Int?
    /// MJPEG frames must start with an SOI marker.
    public let expectsJPEG: Bool
    public let counters: UVCStreamCounters
    private let deliver: @Sendable (UVCRawFrame) -> Void
    private let finished: @Sendable (USBTransferError?) -> Void

    private var buffer: [UInt8] = []
    private var inFrame = false
    private var frameID: UInt8 = 0
    /// The FID of the last frame that ended with EOF: later payloads with the same FID are stragglers.
    private var completedFrameID: UInt8?
    private var spoiled = false
    private var overflowed = false
    private var presentationTime: UInt32?
    private var isStill = false

    /// - Parameters:
    ///   - deliver: called on the event thread with each complete frame.
    ///   - finished: called once, on the event thread, when the stream ends.
    public init(
        maxFrameSize: Int, expectedFrameSize: Int?, expectsJPEG: Bool, expectedStillFrameSize: Int? = nil,
        counters: UVCStreamCounters = UVCStreamCounters(), deliver: @escaping @Sendable (UVCRawFrame) -> Void, finished: @escaping @Sendable (USBTransferError?) -> Void
    ) {
        self.maxFrameSize = max(0, maxFrameSize)
        self.expectedFrameSize = expectedFrameSize
        self.expectsJPEG = expectsJPEG
        self.expectedStillFrameSize = expectedStillFrameSize
        self.counters = counters
        self.deliver = deliver
        self.finished = finished
        buffer.reserveCapacity(self.maxFrameSize)
    }

    /// The stream handler: feed every event of the stream here, on the event thread.
    public func handle(_ event: USBStreamEvent) {
        switch event {
        case .payload(let bytes): payload(bytes)
        case .packetError:
            counters.update { $0.packetErrors += 1 }
            if inFrame { spoiled = true }
        case .ended(let error):
            // A frame cut off by the end of the stream is incomplete.
            if inFrame { drop(\.droppedShort) }
            counters.ended(error)
            finished(error)
        }
    }

    private func payload(_ bytes: UnsafeRawBufferPointer) {
        // Empty isochronous packets are normal between frames.
        guard !bytes.isEmpty else { return }
        guard let header = UVCPayloadHeader(bytes) else {
            counters.update { $0.packetErrors += 1 }
            if inFrame { spoiled = true }
            return
        }
        if inFrame, header.frameID != frameID {
            finishFrame()  // the previous frame ended without EOF
        }
        if !inFrame {
            if header.frameID == completedFrameID { return }
            startFrame(header)
        }
        if header.error { spoiled = true }
        if header.stillImage { isStill = true }
        append(UnsafeRawBufferPointer(rebasing: bytes[header.length...]))
        if header.endOfFrame {
            completedFrameID = frameID
            finishFrame()
        }
    }

    private func startFrame(_ header: UVCPayloadHeader) {
        inFrame = true
        frameID = header.frameID
        completedFrameID = nil
        spoiled = false
        overflowed = false
        presentationTime = header.presentationTime
        isStill = false
        buffer.removeAll(keepingCapacity: true)
    }

    /// The one copy: from the transfer's buffer straight into the frame buffer.
    private func append(_ data: UnsafeRawBufferPointer) {
        guard !data.isEmpty, !overflowed else { return }
        guard buffer.count + data.count <= maxFrameSize else {
            overflowed = true
            return
        }
        buffer.append(contentsOf: data)
    }

    private func finishFrame() {
        if spoiled { return drop(\.droppedError) }
        if overflowed { return drop(\.droppedOverflow) }
        let complete: Bool
        if let expected = isStill ? expectedStillFrameSize : expectedFrameSize {
            complete = buffer.count == expected
        } else if expectsJPEG {
            complete = buffer.count >= 4 && buffer[0] == 0xff && buffer[1] == 0xd8
        } else {
            complete = !buffer.isEmpty
        }
        guard complete else { return drop(\.droppedShort) }
        inFrame = false
        let frame = UVCRawFrame(bytes: buffer, presentationTime: presentationTime, received: .now, isStill: isStill)
        // The delivered array owns the bytes; the next frame gets a fresh buffer of the same capacity.
        buffer = []
        buffer.reserveCapacity(maxFrameSize)
        counters.update { $0.framesDelivered += 1 }
        deliver(frame)
    }

    private func drop(_ counter: WritableKeyPath<UVCStreamStatistics, Int>) {
        inFrame = false
        buffer.removeAll(keepingCapacity: true)
        counters.update { $0[keyPath: counter] += 1 }
    }
}
