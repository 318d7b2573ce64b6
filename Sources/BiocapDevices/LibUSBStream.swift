import BiocapDeviceKit
import BiocapUSB

/// A `USBStream` backed by libusb transfers.
struct LibUSBStream: USBStream {
    let runner: USBStreamRunner

    func stop() async { await runner.stop() }
}
