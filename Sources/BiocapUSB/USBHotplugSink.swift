import CLibUSB
import Synchronization

/// One registered libusb hotplug callback. The callback runs on the event thread (or inside
/// `register` for devices already present) and only yields to the stream: no I/O there.
// `@unchecked`: libusb contexts, devices and handles are thread-safe; mutable state is behind a Mutex.
final class USBHotplugSink: @unchecked Sendable {
    private let lifetime: USBContextLifetime
    private var context: OpaquePointer { lifetime.pointer }
    private let continuation: AsyncStream<USBHotplugEvent>.Continuation
    private let handle = Mutex<libusb_hotplug_callback_handle?>(nil)

    init(lifetime: USBContextLifetime, continuation: AsyncStream<USBHotplugEvent>.Continuation) {
        self.lifetime = lifetime
        self.continuation = continuation
    }

    func register() throws(USBError) {
        var callbackHandle = libusb_hotplug_callback_handle()
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        // The context keeps this sink alive until after the event thread has stopped, so the
        // unretained pointer never outlives it.
        let userData = Unmanaged.passUnretained(self).toOpaque()
        try USBError.check(libusb_hotplug_register_callback(
            context, events, Int32(LIBUSB_HOTPLUG_ENUMERATE.rawValue), LIBUSB_HOTPLUG_MATCH_ANY,
            LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, usbHotplugCallback, userData, &callbackHandle))
        handle.withLock { $0 = callbackHandle }
    }

    func deregister() {
        guard let registered = handle.withLock({ value -> libusb_hotplug_callback_handle? in
            defer { value = nil }
            return value
        }) else { return }
        libusb_hotplug_deregister_callback(context, registered)
        continuation.finish()
    }

    fileprivate func deliver(device: OpaquePointer, event: libusb_hotplug_event) {
        let reference = USBDeviceReference(retaining: device, lifetime: lifetime)
        guard let info = reference.info() else { return }
        if event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED {
            continuation.yield(.arrived(USBAttachedDevice(info: info, reference: reference)))
        } else {
            continuation.yield(.left(info))
        }
    }
}

private func usbHotplugCallback(
    context: OpaquePointer?, device: OpaquePointer?, event: libusb_hotplug_event, userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let device, let userData else { return 0 }
    Unmanaged<USBHotplugSink>.fromOpaque(userData).takeUnretainedValue().deliver(device: device, event: event)
    return 0
}
