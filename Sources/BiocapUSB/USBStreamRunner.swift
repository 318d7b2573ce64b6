import CLibUSB
import Foundation
import Synchronization

/// A continuous IN stream: `transfersInFlight` bulk or isochronous transfers, resubmitted as they
/// complete, so a camera's payloads keep flowing. Every callback runs on the context's event thread,
/// one at a time. Transfers are freed in their callback once they are not resubmitted; the stream has
/// ended when the last one is freed.
// `@unchecked`: the transfer pointers are only touched under `state` or in their own callback.
public final class USBStreamRunner: @unchecked Sendable {
    /// What the stream hands its consumer, on the event thread.
    public struct Callbacks: Sendable {
        /// One payload (a bulk transfer or an isochronous packet); bytes valid only during the call.
        public var payload: @Sendable (UnsafeRawBufferPointer) -> Void
        /// One packet or transfer failed; the stream goes on.
        public var packetError: @Sendable () -> Void
        /// Last call: `nil` after `stop()`, else why the stream died.
        public var ended: @Sendable (USBError?) -> Void

        public init(payload: @escaping @Sendable (UnsafeRawBufferPointer) -> Void, packetError: @escaping @Sendable () -> Void,
                    ended: @escaping @Sendable (USBError?) -> Void) {
            self.payload = payload
            self.packetError = packetError
            self.ended = ended
        }
    }

    /// Bulk transfers of a size, or isochronous transfers of packets.
    public enum Mode: Sendable, Equatable {
        case bulk(transferSize: Int)
        case isochronous(packetsPerTransfer: Int, packetSize: Int)
    }

    private struct State {
        var inFlight: Set<UInt> = []
        var stopping = false
        var failure: USBError?
        var endWaiters: [CheckedContinuation<Void, Never>] = []
        var ended = false
        var keepAlive: USBStreamRunner?
    }

    private let handle: USBDeviceHandle
    private let endpoint: UInt8
    private let mode: Mode
    private let callbacks: Callbacks
    private let state = Mutex<State>(State())

    /// Allocates and submits the transfers. Throws when not even one could be submitted.
    public static func start(handle: USBDeviceHandle, endpoint: UInt8, mode: Mode, transfersInFlight: Int,
                             callbacks: Callbacks) throws(USBError) -> USBStreamRunner {
        guard !handle.isClosed else { throw .handleClosed }
        let runner = USBStreamRunner(handle: handle, endpoint: endpoint, mode: mode, callbacks: callbacks)
        try runner.submitAll(count: max(1, min(transfersInFlight, 32)))
        return runner
    }

    private init(handle: USBDeviceHandle, endpoint: UInt8, mode: Mode, callbacks: Callbacks) {
        self.handle = handle
        self.endpoint = endpoint
        self.mode = mode
        self.callbacks = callbacks
    }

    private func submitAll(count: Int) throws(USBError) {
        var firstError: USBError?
        state.withLock { state in
            state.keepAlive = self
            for _ in 0..<count {
                guard let transfer = makeTransfer() else { firstError = firstError ?? .other(code: LIBUSB_ERROR_NO_MEM.rawValue, name: "LIBUSB_ERROR_NO_MEM"); break }
                let code = libusb_submit_transfer(transfer)
                if code != 0 {
                    firstError = firstError ?? USBError(code: code)
                    Self.free(transfer)
                    break
                }
                state.inFlight.insert(UInt(bitPattern: transfer))
            }
            if state.inFlight.isEmpty { state.keepAlive = nil }
        }
        if let firstError, state.withLock({ $0.inFlight.isEmpty }) { throw firstError }
        if firstError != nil { stopSoon() }
    }

    private func makeTransfer() -> UnsafeMutablePointer<libusb_transfer>? {
        let (packets, length, type): (Int32, Int, UInt8) = switch mode {
        case .bulk(let size): (0, size, UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue))
        case .isochronous(let count, let size): (Int32(count), count * size, UInt8(LIBUSB_TRANSFER_TYPE_ISOCHRONOUS.rawValue))
        }
        guard let transfer = libusb_alloc_transfer(packets) else { return nil }
        guard let buffer = malloc(max(length, 1))?.assumingMemoryBound(to: UInt8.self) else {
            libusb_free_transfer(transfer)
            return nil
        }
        transfer.pointee.dev_handle = handle.handle
        transfer.pointee.endpoint = endpoint
        transfer.pointee.type = type
        transfer.pointee.timeout = 0
        transfer.pointee.buffer = buffer
        transfer.pointee.length = Int32(length)
        transfer.pointee.num_iso_packets = packets
        if case .isochronous(_, let size) = mode { biocap_set_iso_packet_lengths(transfer, UInt32(size)) }
        transfer.pointee.callback = usbStreamCallback
        transfer.pointee.user_data = Unmanaged.passUnretained(self).toOpaque()
        return transfer
    }

    /// Runs on the event thread.
    fileprivate func complete(_ transfer: UnsafeMutablePointer<libusb_transfer>) {
        let status = transfer.pointee.status
        var fatal: USBError?
        switch status {
        case LIBUSB_TRANSFER_COMPLETED:
            deliver(transfer)
        case LIBUSB_TRANSFER_TIMED_OUT:
            break
        case LIBUSB_TRANSFER_CANCELLED:
            break
        case LIBUSB_TRANSFER_NO_DEVICE:
            fatal = .noDevice
        default:
            callbacks.packetError()
        }
        let resubmit = state.withLock { state -> Bool in
            if let fatal, state.failure == nil { state.failure = fatal }
            guard !state.stopping, state.failure == nil, status != LIBUSB_TRANSFER_CANCELLED else { return false }
            return libusb_submit_transfer(transfer) == 0
        }
        if resubmit { return }
        finish(transfer)
    }

    private func deliver(_ transfer: UnsafeMutablePointer<libusb_transfer>) {
        switch mode {
        case .bulk:
            let count = Int(transfer.pointee.actual_length)
            if count > 0 { callbacks.payload(UnsafeRawBufferPointer(start: transfer.pointee.buffer, count: count)) }
        case .isochronous:
            for index in 0..<UInt32(max(0, transfer.pointee.num_iso_packets)) {
                guard let packet = biocap_iso_packet(transfer, index) else { continue }
                guard packet.pointee.status == LIBUSB_TRANSFER_COMPLETED else {
                    callbacks.packetError()
                    continue
                }
                let count = Int(packet.pointee.actual_length)
                guard count > 0, let bytes = biocap_iso_packet_buffer(transfer, index) else { continue }
                callbacks.payload(UnsafeRawBufferPointer(start: bytes, count: count))
            }
        }
    }

    private func finish(_ transfer: UnsafeMutablePointer<libusb_transfer>) {
        Self.free(transfer)
        let (last, failure, waiters) = state.withLock { state -> (Bool, USBError?, [CheckedContinuation<Void, Never>]) in
            state.inFlight.remove(UInt(bitPattern: transfer))
            // One transfer dying (device gone) ends the whole stream: cancel its siblings.
            if !state.stopping {
                state.stopping = true
                for other in state.inFlight {
                    if let pointer = UnsafeMutablePointer<libusb_transfer>(bitPattern: other) { _ = libusb_cancel_transfer(pointer) }
                }
                if state.failure == nil { state.failure = .other(code: LIBUSB_ERROR_IO.rawValue, name: "stream transfer could not be resubmitted") }
            }
            guard state.inFlight.isEmpty, !state.ended else { return (false, nil, []) }
            state.ended = true
            defer { state.endWaiters = []; state.keepAlive = nil }
            return (true, state.failure, state.endWaiters)
        }
        guard last else { return }
        callbacks.ended(failure)
        for waiter in waiters { waiter.resume() }
    }

    private func stopSoon() {
        state.withLock { state in
            guard !state.stopping else { return }
            state.stopping = true
            for other in state.inFlight {
                if let pointer = UnsafeMutablePointer<libusb_transfer>(bitPattern: other) { _ = libusb_cancel_transfer(pointer) }
            }
        }
    }

    /// Cancels every transfer and returns once the last callback has run. Idempotent.
    public func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyEnded = state.withLock { state -> Bool in
                if state.ended { return true }
                state.endWaiters.append(continuation)
                if !state.stopping {
                    state.stopping = true
                    for other in state.inFlight {
                        if let pointer = UnsafeMutablePointer<libusb_transfer>(bitPattern: other) { _ = libusb_cancel_transfer(pointer) }
                    }
                }
                return false
            }
            if alreadyEnded { continuation.resume() }
        }
    }

    private static func free(_ transfer: UnsafeMutablePointer<libusb_transfer>) {
        Foundation.free(transfer.pointee.buffer)
        transfer.pointee.buffer = nil
        libusb_free_transfer(transfer)
    }
}

private func usbStreamCallback(_ transfer: UnsafeMutablePointer<libusb_transfer>?) {
    guard let transfer, let userData = transfer.pointee.user_data else { return }
    Unmanaged<USBStreamRunner>.fromOpaque(userData).takeUnretainedValue().complete(transfer)
}
