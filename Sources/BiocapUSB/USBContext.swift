import CLibUSB
import Foundation
import Synchronization

/// One libusb context with its event thread. Create one per process (the daemon, or a `--direct`
/// CLI command); every handle and transfer made from it is served by its event thread.
/// Safe to use from any thread or task.
// `@unchecked`: libusb contexts, devices and handles are thread-safe; mutable state is behind a Mutex.
public final class USBContext: @unchecked Sendable {
    /// Exits libusb once the last device reference, handle and this context are gone.
    let lifetime: USBContextLifetime
    var pointer: OpaquePointer { lifetime.pointer }
    private let events: USBEventThread
    private let hotplugSinks = Mutex<[USBHotplugSink]>([])

    /// Initialises libusb and starts the event thread.
    public init() throws(USBError) {
        var context: OpaquePointer?
        try USBError.check(libusb_init(&context))
        guard let context else { throw .other(code: LIBUSB_ERROR_OTHER.rawValue, name: "libusb_init gave no context") }
        lifetime = USBContextLifetime(pointer: context)
        events = USBEventThread(context: context)
        events.start()
    }

    deinit {
        for sink in hotplugSinks.withLock({ $0 }) { sink.deregister() }
        events.stop()
        hotplugSinks.withLock { $0.removeAll() }
        // libusb_exit follows when `lifetime` is released: now, or when the last listed device goes.
    }

    /// Whether libusb can deliver hotplug events here (it cannot without udev or netlink).
    public var supportsHotplug: Bool {
        libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0
    }

    /// Every device on the bus, in bus/address order. Strings are not read (see `withStrings`).
    public func devices() throws(USBError) -> [USBAttachedDevice] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = try USBError.check(Int32(truncatingIfNeeded: libusb_get_device_list(pointer, &list)))
        defer { libusb_free_device_list(list, 1) }
        guard let list else { return [] }
        var devices: [USBAttachedDevice] = []
        for index in 0..<Int(count) {
            guard let device = list[index] else { continue }
            let reference = USBDeviceReference(retaining: device, lifetime: lifetime)
            if let info = reference.info() { devices.append(USBAttachedDevice(info: info, reference: reference)) }
        }
        return devices.sorted { ($0.info.bus, $0.info.address) < ($1.info.bus, $1.info.address) }
    }

    /// The device's info with manufacturer, product and serial strings, opening it briefly.
    /// Devices that cannot be opened (no permission) come back without strings.
    public func withStrings(_ device: USBAttachedDevice) -> USBDeviceInfo {
        var info = device.info
        guard let handle = try? open(device) else { return info }
        defer { handle.close() }
        (info.manufacturer, info.product, info.serial) = handle.identityStrings()
        return info
    }

    /// Opens a device for I/O.
    /// - Throws: `noDevice` when the device has no node under `/dev/bus/usb` (it is gone, or it is a
    ///   listed device such as a root hub that has none), without asking libusb to open it.
    public func open(_ device: USBAttachedDevice) throws(USBError) -> USBDeviceHandle {
        // libusb 1.0.26–1.0.29 (linux): a failed open of a device whose node is missing while libusb still
        // lists it makes libusb mark it disconnected and unlink it from the context's device list; if it is
        // the parent of a listed device (a root hub), libusb_exit later unlinks it a second time and
        // dereferences NULL (usbi_hotplug_exit). Not opening a device without a node avoids that path.
        guard FileManager.default.fileExists(atPath: device.info.devicePath) else { throw .noDevice }
        var handle: OpaquePointer?
        try USBError.check(libusb_open(device.reference.device, &handle))
        guard let handle else { throw .notFound }
        return USBDeviceHandle(context: self, handle: handle, device: device)
    }

    /// Arrivals and departures from now on, starting with an arrival for every device already present.
    ///
    /// Uses libusb hotplug callbacks when available (they only queue events: no I/O runs inside
    /// them); otherwise enumerates every `pollInterval` and reports the difference.
    public func hotplugEvents(pollInterval: Duration = .seconds(2)) -> AsyncStream<USBHotplugEvent> {
        if supportsHotplug, let stream = try? callbackEvents() { return stream }
        return pollingEvents(every: pollInterval)
    }

    private func callbackEvents() throws(USBError) -> AsyncStream<USBHotplugEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: USBHotplugEvent.self, bufferingPolicy: .unbounded)
        let sink = USBHotplugSink(lifetime: lifetime, continuation: continuation)
        try sink.register()
        hotplugSinks.withLock { $0.append(sink) }
        // The sink stays in `hotplugSinks` until the context goes: the event thread may still be
        // inside its callback while the consumer stops listening.
        continuation.onTermination = { [sink] _ in sink.deregister() }
        return stream
    }

    private func pollingEvents(every interval: Duration) -> AsyncStream<USBHotplugEvent> {
        AsyncStream { continuation in
            let task = Task { [weak self] in
                var present: [USBDeviceInfo: USBAttachedDevice] = [:]
                while !Task.isCancelled {
                    guard let self, let now = try? self.devices() else { break }
                    let current = Dictionary(now.map { ($0.info, $0) }, uniquingKeysWith: { first, _ in first })
                    for (info, _) in present where current[info] == nil { continuation.yield(.left(info)) }
                    for device in now where present[device.info] == nil { continuation.yield(.arrived(device)) }
                    present = current
                    try? await Task.sleep(for: interval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
