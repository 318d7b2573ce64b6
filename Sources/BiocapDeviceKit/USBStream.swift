/// A running stream of IN transfers started by `USBTransport.startStream`.
public protocol USBStream: Sendable {
    /// Cancels the transfers in flight and waits until every one of them has completed, so no
    /// handler call follows. The handler sees `.ended(nil)` last. Idempotent.
    func stop() async
}
