/// Defaults for transports that only do simple transfers (scripted tests, the fingerprint sensors'
/// replays): interface management is a no-op and streaming is not supported.
extension USBTransport {
    public func configurationDescriptor() async throws(USBTransferError) -> [UInt8] {
        throw .notSupported("configuration descriptor")
    }

    public func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError) {}

    public func releaseInterface(_ number: Int) async throws(USBTransferError) {}

    public func setAlternateSetting(interface: Int, setting: Int) async throws(USBTransferError) {
        throw .notSupported("alternate settings")
    }

    public func startStream(
        endpoint: UInt8, mode: USBStreamMode, transfersInFlight: Int,
        handler: @escaping @Sendable (USBStreamEvent) -> Void
    ) async throws(USBTransferError) -> any USBStream {
        throw .notSupported("streaming")
    }
}
