import CLibUSB
import Foundation
import Synchronization

/// The one thread that runs libusb's event loop for a context: every asynchronous transfer callback
/// and every hotplug callback runs here, one at a time.
// `@unchecked`: libusb contexts, devices and handles are thread-safe; mutable state is behind a Mutex.
final class USBEventThread: @unchecked Sendable {
    private let context: OpaquePointer
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(context: OpaquePointer) {
        self.context = context
    }

    /// Starts the loop; call once.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "biocap-usb-events"
        thread.start()
    }

    private func run() {
        while !stopping.load(ordering: .acquiring) {
            // Returns after each batch of events, or when `libusb_interrupt_event_handler` wakes it.
            _ = libusb_handle_events_completed(context, nil)
        }
        finished.signal()
    }

    /// Stops the loop and waits until the thread has left libusb. Never call it from the event thread.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        libusb_interrupt_event_handler(context)
        finished.wait()
    }
}
