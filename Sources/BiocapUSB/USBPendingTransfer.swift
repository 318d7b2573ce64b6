import CLibUSB
import Foundation
import Synchronization

/// One asynchronous transfer in flight. It owns the libusb transfer and its buffer and frees both in
/// the completion callback, on the event thread, after the callback has run: never earlier, so a
/// cancelled transfer is never freed under libusb's feet.
// `@unchecked`: the libusb transfer pointer is touched under `state` or on the event thread after
// completion, when no other thread can reach it.
final class USBPendingTransfer: @unchecked Sendable {
    private enum Phase { case created, submitted, cancelRequested, completed }

    private struct State {
        var phase: Phase = .created
        var continuation: CheckedContinuation<Result<[UInt8], USBError>, Never>?
    }

    private let transfer: UnsafeMutablePointer<libusb_transfer>
    private let resultOffset: Int
    private let state = Mutex<State>(State())

    /// - Parameters:
    ///   - buffer: the whole transfer buffer (setup packet first for control transfers).
    ///   - resultOffset: where returned data starts (8 for control transfers).
    init?(handle: OpaquePointer, kind: USBTransferKind, endpoint: UInt8, buffer: [UInt8], resultOffset: Int, timeout: Duration) {
        guard let transfer = libusb_alloc_transfer(0),
              let memory = malloc(max(buffer.count, 1))?.assumingMemoryBound(to: UInt8.self)
        else { return nil }
        buffer.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { memory.update(from: base, count: source.count) }
        }
        transfer.pointee.dev_handle = handle
        transfer.pointee.endpoint = endpoint
        transfer.pointee.type = kind.libusbType
        transfer.pointee.timeout = Self.milliseconds(timeout)
        transfer.pointee.buffer = memory
        transfer.pointee.length = Int32(buffer.count)
        transfer.pointee.callback = usbPendingTransferCallback
        self.transfer = transfer
        self.resultOffset = resultOffset
    }

    /// Submits and waits for completion; task cancellation cancels the transfer and still waits
    /// for libusb's callback before returning `.cancelled`.
    func run() async -> Result<[UInt8], USBError> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                submit(continuation)
            }
        } onCancel: {
            cancel()
        }
    }

    private func submit(_ continuation: CheckedContinuation<Result<[UInt8], USBError>, Never>) {
        let failure: USBError? = state.withLock { state in
            state.continuation = continuation
            guard state.phase == .created else { return .cancelled }
            // Retained until the callback, which balances it.
            transfer.pointee.user_data = Unmanaged.passRetained(self).toOpaque()
            let code = libusb_submit_transfer(transfer)
            guard code == 0 else {
                Unmanaged.passUnretained(self).release()
                return USBError(code: code)
            }
            state.phase = .submitted
            return nil
        }
        if let failure {
            freeTransfer()
            continuation.resume(returning: .failure(failure))
        }
    }

    private func cancel() {
        state.withLock { state in
            switch state.phase {
            case .created: state.phase = .cancelRequested
            case .submitted: _ = libusb_cancel_transfer(transfer)
            case .cancelRequested, .completed: break
            }
        }
    }

    /// Runs on the event thread.
    fileprivate func complete() {
        let result: Result<[UInt8], USBError>
        if let error = USBError(status: transfer.pointee.status) {
            result = .failure(error)
        } else {
            let count = max(0, Int(transfer.pointee.actual_length))
            result = .success(Array(UnsafeBufferPointer(start: transfer.pointee.buffer.advanced(by: resultOffset), count: count)))
        }
        let continuation = state.withLock { state in
            state.phase = .completed
            defer { state.continuation = nil }
            return state.continuation
        }
        freeTransfer()
        continuation?.resume(returning: result)
    }

    private func freeTransfer() {
        free(transfer.pointee.buffer)
        transfer.pointee.buffer = nil
        libusb_free_transfer(transfer)
    }

    static func milliseconds(_ duration: Duration) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return UInt32(clamping: max(1, total))
    }
}

private func usbPendingTransferCallback(_ transfer: UnsafeMutablePointer<libusb_transfer>?) {
    guard let userData = transfer?.pointee.user_data else { return }
    Unmanaged<USBPendingTransfer>.fromOpaque(userData).takeRetainedValue().complete()
}
