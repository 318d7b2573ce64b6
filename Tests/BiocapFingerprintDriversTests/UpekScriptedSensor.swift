import BiocapCore
import BiocapDeviceKit
@testable import BiocapFingerprintDrivers
import Synchronization

/// A UPEK TouchChip coprocessor played from a script, for the sensor types no recording in `shared/`
/// has: it reports the sensor size it is given in its information reply (the reply to init 4, as the
/// 147e:2016 recording does), answers the capture with the given finger statuses, then sends an image of
/// the reported size in 2,000-pixel frames. Replies are split into a 64-byte read and its continuation.
final class UpekScriptedSensor: USBTransport {
    private struct State {
        var replies: [[UInt8]] = []
        var pendingContinuation: [UInt8]?
        var commands: [UpekCiaoFrame] = []
        var captureStarts = 0
    }

    private let state = Mutex(State())
    let sensorWidth: UInt16
    let sensorHeight: UInt16
    let flags: UInt8
    let statuses: [UInt8]
    let image: [UInt8]

    /// `flags`: byte 42 of the information payload (bit 0x80 set: swipe sensor).
    init(sensorWidth: UInt16, sensorHeight: UInt16, flags: UInt8, statuses: [UInt8], image: [UInt8]) {
        self.sensorWidth = sensorWidth
        self.sensorHeight = sensorHeight
        self.flags = flags
        self.statuses = statuses
        self.image = image
    }

    /// Every command the driver sent, decoded.
    var commands: [UpekCiaoFrame] { state.withLock { $0.commands } }

    func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        state.withLock { $0.replies.append(Self.reply(command: 0, payload: [0x00] + Array("10.5".utf8) + [0x00])) }
        return data.count
    }

    func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        guard let frame = try? UpekCiaoFrame.decode(data) else { throw .io("not a Ciao frame") }
        state.withLock { state in
            state.commands.append(frame)
            let format = UpekTCImgWireFormat.self
            if frame.command == format.init4.command, frame.payload == format.init4.payload {
                state.replies.append(information())
            } else if frame.payload == format.initCapture.payload || frame.payload == format.initCapturePress.payload {
                state.captureStarts += 1
                state.replies += statuses.map(status) + imageFrames()
            } else if frame.command != 0 || frame.payload != format.ackStatus.payload && frame.payload != format.ackFrame.payload {
                state.replies.append(Self.reply(command: 0, payload: [0x00]))
            }
        }
        return data.count
    }

    func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        try state.withLock { state throws(USBTransferError) -> [UInt8] in
            if let rest = state.pendingContinuation {
                state.pendingContinuation = nil
                return rest
            }
            guard !state.replies.isEmpty else { throw .timeout(endpoint: endpoint) }
            let reply = state.replies.removeFirst()
            if reply.count > length {
                state.pendingContinuation = Array(reply.dropFirst(length))
                return Array(reply.prefix(length))
            }
            return reply
        }
    }

    private func information() -> [UInt8] {
        var payload = [UInt8](repeating: 0, count: 55)
        payload[0] = 0x28
        payload[5] = 0x06
        payload[6] = 0x14
        payload[42] = flags
        payload[43] = UInt8(sensorWidth & 0xff)
        payload[44] = UInt8(sensorWidth >> 8)
        payload[45] = UInt8(sensorHeight & 0xff)
        payload[46] = UInt8(sensorHeight >> 8)
        return Self.reply(command: 0, payload: payload)
    }

    private func status(_ code: UInt8) -> [UInt8] {
        var payload = [UInt8](repeating: 0, count: 20)
        payload[0] = 0x28
        payload[11] = code
        return Self.reply(command: 0, payload: payload)
    }

    private func imageFrames() -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < image.count {
            let chunk = Array(image[offset ..< min(image.count, offset + 2000)])
            let first = offset == 0
            offset += chunk.count
            let last = offset >= image.count
            if last {
                frames.append(Self.reply(command: 0, payload: [0x20] + chunk + [0, 0, 0, 0]))
            } else if first {
                frames.append(Self.reply(command: 0, payload: [0x2c] + [UInt8](repeating: 0xaa, count: 10) + chunk))
            } else {
                frames.append(Self.reply(command: 0, payload: [0x24] + chunk))
            }
        }
        return frames
    }

    static func reply(command: UInt8, payload: [UInt8]) -> [UInt8] {
        UpekCiaoFrame(command: command, sequence: 0, payload: payload).encoded
    }

    func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .notSupported("control IN") }
    func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .notSupported("interrupt") }
    func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .notSupported("interrupt OUT") }
    func configurationDescriptor() async throws(USBTransferError) -> [UInt8] { throw .notSupported("descriptor") }
    func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError) {}
    func releaseInterface(_ number: Int) async throws(USBTransferError) {}
    func setAlternateSetting(interface: Int, setting: Int) async throws(USBTransferError) { throw .notSupported("alternate setting") }
    func startStream(endpoint: UInt8, mode: USBStreamMode, transfersInFlight: Int,
                     handler: @escaping @Sendable (USBStreamEvent) -> Void) async throws(USBTransferError) -> any USBStream {
        throw .notSupported("streaming")
    }
}
