import CLibUSB

/// Owns one libusb context: `libusb_exit` runs only when nothing made from the context is left — not the
/// `USBContext`, not a device reference from a list or a hotplug event, not a handle. Swift may release
/// a `USBContext` right after its last use while devices listed from it are still alive; exiting then and
/// unreferencing a device afterwards is a use-after-free inside libusb.
// `@unchecked`: the pointer is immutable and libusb contexts are thread-safe.
final class USBContextLifetime: @unchecked Sendable {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { libusb_exit(pointer) }
}
