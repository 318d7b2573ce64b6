import BiocapDeviceKit

/// The Validity VFS7552 session: commands and recorded messages on bulk OUT 0x01, replies and image chunks on
/// bulk IN 0x81 (replies read with a 64-byte buffer), finger events read as bulk transfers from IN 0x83.
public enum VFS7552WireFormat {
    public static let outEndpoint: UInt8 = 0x01
    public static let inEndpoint: UInt8 = 0x81
    /// The finger-event endpoint (an interrupt endpoint that libfprint, and the recording, read with bulk URBs).
    public static let eventEndpoint: UInt8 = 0x83
    public static let replyReadLength = 64
    /// The reply most set-up messages get.
    public static let normalReply: [UInt8] = [0x00, 0x00]

    /// One step of an exchange.
    public enum Step: Sendable, Equatable {
        /// Send these bytes.
        case send([UInt8])
        /// Read a reply of exactly `length` bytes (with a `buffer`-byte read), any content.
        case reply(length: Int, buffer: Int)
        /// Read a reply (64-byte buffer) that must be exactly these bytes.
        case expect([UInt8])
    }

    // MARK: Commands

    /// Version query; 38-byte reply.
    public static let cmd01: [UInt8] = [0x01]
    /// Sensor query; 68-byte reply (read with a 128-byte buffer).
    public static let cmd19: [UInt8] = [0x19]
    /// Set-up register write; reply `00 00 03 00 00 00`.
    public static let init02: [UInt8] = [0x07, 0x80, 0x20, 0x00, 0x80, 0x04]
    /// Query; 10-byte reply.
    public static let cmd75: [UInt8] = [0x75]
    /// "Is an image ready?"; 6-byte reply whose first byte is an `ImageState`.
    public static let isImageReady: [UInt8] = [0x78, 0x00, 0x00, 0x00, 0x00]
    /// "Send the next image chunk"; the chunk comes on IN 0x81 (read with a 4,806-byte buffer).
    public static let readImageChunk: [UInt8] = [0x78, 0xc0, 0x12, 0x00, 0x00]
    /// Stop capturing (first of two); reply `00 00`.
    public static let cmd04: [UInt8] = [0x04]
    /// Stop capturing (second of two); reply `00 00`.
    public static let cmd52: [UInt8] = [0x52]

    /// The `00 00 03 00 00 00` reply to `init02`.
    static let init02Reply: [UInt8] = [0x00, 0x00, 0x03, 0x00, 0x00, 0x00]

    /// The recorded set-up blocks and the "start image" message.
    public static let init00 = VFS301WireFormat.decode(VFS7552RecordedMessages.init00)
    public static let init01 = VFS301WireFormat.decode(VFS7552RecordedMessages.init01)
    public static let init04 = VFS301WireFormat.decode(VFS7552RecordedMessages.init04)
    public static let imageStart = VFS301WireFormat.decode(VFS7552RecordedMessages.imageStart)
    /// Length of the reply to "start image" (read with a 2,048-byte buffer).
    public static let imageStartReplyLength = 1962
    public static let imageStartReadLength = 2048

    /// libfprint's initialisation: run by `open`.
    public static let initialisation: [Step] = [
        .send(cmd01), .reply(length: 38, buffer: replyReadLength),
        .send(cmd19), .reply(length: 68, buffer: 128),
        .send(init00), .expect(normalReply),
        .send(init01), .expect(normalReply),
        .send(init02), .expect(init02Reply),
        .send(cmd75), .reply(length: 10, buffer: replyReadLength),
        .send(init04), .expect(normalReply),
    ]

    /// libfprint's "stop capture": after the finger is lifted, and on close.
    public static let stopCapture: [Step] = [
        .send(cmd04), .expect(normalReply),
        .send(cmd52), .expect(normalReply),
    ]

    // MARK: Events and image state

    /// The first byte of a finger event (8-byte read on IN 0x83, 5 bytes in practice).
    public enum FingerEvent: UInt8, Sendable {
        /// "Sensor all good": ask again.
        case idle = 0x00
        /// A finger was detected.
        case finger = 0x02
        /// A finger was already reported; the endpoint will not answer again.
        case alreadyReported = 0x03
    }

    /// The first byte of the 6-byte reply to `isImageReady`.
    public enum ImageState: UInt8, Sendable {
        case ready = 0x00
        case notReady = 0x01
        /// The sensor reports the finger lifted.
        case fingerOff = 0x12
    }

    /// Read length of one image chunk.
    public static let chunkReadLength = 4806
    /// Length of the image-ready reply.
    public static let imageStateLength = 6
    /// Read length of a finger event.
    public static let eventReadLength = 8
}
