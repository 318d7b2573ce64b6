/// What a running stream reports to its handler.
///
/// A payload's bytes point into the transfer's own buffer and are valid only during the handler
/// call: copy what you keep (that copy is the one copy a frame should need).
public enum USBStreamEvent {
    /// One payload: a completed bulk transfer, or one isochronous packet.
    case payload(UnsafeRawBufferPointer)
    /// One isochronous packet (or bulk transfer) failed; the stream goes on. Count it.
    case packetError
    /// The stream has stopped and no event follows: `nil` after `stop()`, else why it failed
    /// (`.noDevice` when the device was unplugged).
    case ended(USBTransferError?)
}
