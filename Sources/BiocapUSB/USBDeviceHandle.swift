import CLibUSB
import Synchronization

/// An open device. Transfers are asynchronous libusb transfers completed on the context's event
/// thread; the `async` methods suspend the caller's task, never block a thread. Safe to use from any
/// task; a driver actor issues one transfer at a time, a camera stream keeps several in flight.
// `@unchecked`: libusb contexts, devices and handles are thread-safe; mutable state is behind a Mutex.
public final class USBDeviceHandle: @unchecked Sendable {
    let context: USBContext
    let handle: OpaquePointer
    public let device: USBAttachedDevice
    private let state = Mutex<HandleState>(HandleState())

    private struct HandleState {
        var closed = false
        var claimed: Set<Int> = []
        var detached: Set<Int> = []
    }

    init(context: USBContext, handle: OpaquePointer, device: USBAttachedDevice) {
        self.context = context
        self.handle = handle
        self.device = device
    }

    deinit { close() }

    /// Releases claimed interfaces, re-attaches detached kernel drivers and closes. Idempotent.
    public func close() {
        let release = state.withLock { state -> (claimed: Set<Int>, detached: Set<Int>)? in
            guard !state.closed else { return nil }
            state.closed = true
            defer { state.claimed = []; state.detached = [] }
            return (state.claimed, state.detached)
        }
        guard let release else { return }
        for interface in release.claimed { _ = libusb_release_interface(handle, Int32(interface)) }
        for interface in release.detached { _ = libusb_attach_kernel_driver(handle, Int32(interface)) }
        libusb_close(handle)
    }

    /// Whether `close()` has run.
    public var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: Strings and descriptors

    /// The manufacturer, product and serial strings (control transfers on endpoint 0, blocking: call it from a
    /// thread of its own, like a CLI tool). The language list is asked once: a device that does not answer it
    /// answers no string either, so a mute device costs one 500 ms timeout instead of libusb's 1 s for every string.
    public func identityStrings() -> (manufacturer: String?, product: String?, serial: String?) {
        guard let indices = device.reference.stringIndices(),
              indices.manufacturer != 0 || indices.product != 0 || indices.serial != 0,
              let languages = descriptor(index: 0, language: 0),
              let language = USBStringDescriptor.firstLanguage(languages) else { return (nil, nil, nil) }
        return (stringDescriptor(indices.manufacturer, language: language),
                stringDescriptor(indices.product, language: language),
                stringDescriptor(indices.serial, language: language))
    }

    /// One string descriptor in `language`; nil for index 0, on failure or when it is malformed or empty.
    public func stringDescriptor(_ index: UInt8, language: UInt16) -> String? {
        guard index != 0, let bytes = descriptor(index: index, language: language) else { return nil }
        return USBStringDescriptor.text(bytes)
    }

    private func descriptor(index: UInt8, language: UInt16) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 255)
        // GET_DESCRIPTOR (standard, device to host): type in the high byte of wValue, index in the low.
        guard let count = try? controlTransferBlocking(
            requestType: 0x80, request: 0x06, value: UInt16(USBStringDescriptor.type) << 8 | UInt16(index),
            index: language, buffer: &buffer, timeout: USBStringDescriptor.timeout), count > 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    /// The active configuration descriptor as sent by the device, class-specific descriptors included.
    public func activeConfigurationDescriptor() throws(USBError) -> [UInt8] {
        try device.activeConfigurationDescriptor()
    }

    // MARK: Interfaces

    /// Claims an interface; with `detachingKernelDriver`, first detaches a bound kernel driver
    /// (re-attached by `releaseInterface` or `close`).
    public func claimInterface(_ number: Int, detachingKernelDriver: Bool) throws(USBError) {
        if detachingKernelDriver, libusb_kernel_driver_active(handle, Int32(number)) == 1 {
            try USBError.check(libusb_detach_kernel_driver(handle, Int32(number)))
            state.withLock { _ = $0.detached.insert(number) }
        }
        try USBError.check(libusb_claim_interface(handle, Int32(number)))
        state.withLock { _ = $0.claimed.insert(number) }
    }

    /// Releases an interface and re-attaches a kernel driver `claimInterface` detached.
    public func releaseInterface(_ number: Int) throws(USBError) {
        let (wasClaimed, wasDetached) = state.withLock { state in
            (state.claimed.remove(number) != nil, state.detached.remove(number) != nil)
        }
        if wasClaimed { try USBError.check(libusb_release_interface(handle, Int32(number))) }
        if wasDetached { _ = libusb_attach_kernel_driver(handle, Int32(number)) }
    }

    /// Selects an alternate setting of a claimed interface.
    public func setAlternateSetting(interface: Int, setting: Int) throws(USBError) {
        try USBError.check(libusb_set_interface_alt_setting(handle, Int32(interface), Int32(setting)))
    }

    /// Clears a halt (stall) on an endpoint.
    public func clearHalt(endpoint: UInt8) throws(USBError) {
        try USBError.check(libusb_clear_halt(handle, endpoint))
    }
}
