import BiocapDeviceKit

/// The UPEK TouchChip (upektc_img) session: a vendor control request, the init commands as
/// recorded from the device's own software, and the capture commands. Replies arrive on bulk
/// IN 0x81 as a 64-byte read plus, for longer frames, a 1988-byte continuation.
public enum UpekTCImgWireFormat {
    public static let outEndpoint: UInt8 = 0x02
    public static let inEndpoint: UInt8 = 0x81

    /// The vendor control OUT that starts each init phase (one data byte 0x00).
    public static let controlRequestType: UInt8 = 0x40
    public static let controlRequest: UInt8 = 0x0c
    public static let controlValue: UInt16 = 0x0100
    public static let controlIndex: UInt16 = 0x0400

    public static let shortReadLength = 64
    public static let maximumFrameLength = 2052
    public static let continuationLength = maximumFrameLength - shortReadLength

    /// The image of the default sensor (TCS4x swipe); the reported sensor type sets each device's own.
    public static let width = 144
    public static let height = 384

    /// A command body: its command byte and payload; the sequence is set when it is sent.
    public struct Command: Sendable {
        public var command: UInt8
        public var payload: [UInt8]
        public func frame(sequence: UInt8) -> UpekCiaoFrame { UpekCiaoFrame(command: command, sequence: sequence, payload: payload) }
    }

    public static let init1 = Command(command: 0x04, payload: [0x01, 0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00])
    public static let init2 = Command(command: 0x07, payload: [0x01])
    public static let init3 = Command(command: 0x04, payload: [0x01, 0x00, 0xbc, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00])
    public static let init4 = Command(command: 0x00, payload: [0x28, 0x04, 0x00, 0x00, 0x00, 0x06, 0x04])
    /// Starts a capture on a swipe sensor ("wait for an acceptable finger", no timeout).
    public static let initCapture = Command(command: 0x00, payload: [0x28, 0x0b, 0x00, 0x00, 0x00, 0x0e, 0x02, 0xfe, 0xff, 0xff, 0xff, 0x02, 0x00, 0x02])
    /// Starts a capture on an area (press) sensor ("wait for a finger").
    public static let initCapturePress = Command(command: 0x00, payload: [0x28, 0x0b, 0x00, 0x00, 0x00, 0x0e, 0x02, 0xfe, 0xff, 0xff, 0xff, 0x02, 0x01, 0x02])
    /// Acknowledges a finger-status reply (frame type 0x28).
    public static let ackStatus = Command(command: 0x00, payload: [0x28, 0x05, 0x00, 0x00, 0x00, 0x00, 0x30, 0x01])
    /// Acknowledges a command-0x08 reply; always sent with sequence 0.
    public static let ack08 = Command(command: 0x09, payload: [])
    /// Acknowledges an image frame.
    public static let ackFrame = Command(command: 0x00, payload: [0x30])
    public static let deinitialise = Command(command: 0x07, payload: [0x01])

    /// Frame types (first payload byte of a command-0x00 reply).
    public enum FrameType: UInt8, Sendable {
        /// Finger status; payload byte 11 says what.
        case status = 0x28
        /// First image frame: 10 bytes of extra information before the pixels.
        case imageWithInfo = 0x2c
        case image = 0x24
        /// Last image frame: 4 trailing bytes after the pixels.
        case lastImage = 0x20
    }

    /// Finger status codes in a status frame.
    static let statusIndex = 11
    static let statusNoFinger: UInt8 = 0x0c
    static let statusFingerPresent: UInt8 = 0x00
    static let statusFingerGone: UInt8 = 0x01
    static let statusKeepFingerOn: UInt8 = 0x13
    static let statusTooShort: UInt8 = 0x1e
    static let statusNotCentred: UInt8 = 0x1d

    /// What a status other than no finger / finger present / finger gone means.
    static func rejection(_ status: UInt8) -> String {
        switch status {
        case statusKeepFingerOn: "finger lifted too early (status 0x13)"
        case statusTooShort: "swipe too short (status 0x1e)"
        case statusNotCentred: "too much sideways movement; centre the finger (status 0x1d)"
        default: "status 0x\(String(status, radix: 16))"
        }
    }

    /// The pixels an image frame carries.
    public static func pixels(of frame: UpekCiaoFrame, type: FrameType) throws(FingerprintDriverError) -> ArraySlice<UInt8> {
        let payload = frame.payload
        let (start, trailing) = switch type {
        case .imageWithInfo: (11, 0)
        case .lastImage: (1, 4)
        default: (1, 0)
        }
        guard payload.count >= start + trailing else {
            throw .protocolViolation("image frame 0x\(String(type.rawValue, radix: 16)) too short: \(payload.count) bytes")
        }
        return payload[start ..< payload.count - trailing]
    }
}
