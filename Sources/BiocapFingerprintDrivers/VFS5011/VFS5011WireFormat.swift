import BiocapDeviceKit

/// The Validity VFS5011 session: commands and recorded messages on bulk OUT 0x01, replies on bulk IN 0x81
/// ("control", read with a 64-byte buffer unless noted), scan lines and calibration data on bulk IN 0x82.
public enum VFS5011WireFormat {
    public static let outEndpoint: UInt8 = 0x01
    public static let controlEndpoint: UInt8 = 0x81
    public static let dataEndpoint: UInt8 = 0x82
    public static let controlReadLength = 64
    /// The reply most messages get.
    public static let normalReply: [UInt8] = [0x00, 0x00]

    /// One step of an exchange.
    public enum Step: Sendable {
        /// Send these bytes.
        case send([UInt8])
        /// Read up to `length` bytes from `endpoint`; any content.
        case receive(endpoint: UInt8, length: Int)
        /// Read up to `length` bytes from the control endpoint; the reply must be `00 00`.
        case expectNormal(length: Int)
    }

    static let cmd01: [UInt8] = [0x01]
    static let cmd19: [UInt8] = [0x19]
    static let cmd1A: [UInt8] = [0x1a]
    static let cmd27: [UInt8] = [0x27]
    static let cmd04: [UInt8] = [0x04]

    private static func send(_ hex: String) -> Step { .send(VFS301WireFormat.decode(hex)) }
    private static func control() -> Step { .receive(endpoint: controlEndpoint, length: controlReadLength) }
    private static func data(_ length: Int) -> Step { .receive(endpoint: dataEndpoint, length: length) }
    private static let normal = Step.expectNormal(length: controlReadLength)

    /// libfprint's initialisation: run by `open`.
    public static let initialisation: [Step] = {
        let m = VFS5011RecordedMessages.self
        return [
            .send(cmd01), control(),
            .send(cmd19), control(), control(),
            send(m.init00), control(),
            send(m.init01), control(),
            send(m.init02), normal,
            .send(cmd01), control(),
            .send(cmd1A), normal,
            send(m.init03), normal,
            send(m.init04), normal, data(256), data(64),
            .send(cmd1A), normal,
            send(m.init05), normal,
            .send(cmd01), control(),
            send(m.init06), normal, data(17_216), data(32),
            send(m.init07), normal, data(45_056),
            send(m.init08), normal, data(16_896),
            send(m.init09), normal, data(4_928),
            send(m.init10), normal, data(5_632),
            send(m.init11), normal, data(5_632),
            send(m.init12), normal, data(3_328), data(64),
            send(m.init13), normal,
            .send(cmd1A), normal,
            send(m.init03), normal,
            send(m.init14), normal, data(4_800),
            .send(cmd1A), normal,
            send(m.init02), normal,
            .send(cmd27), control(),
            .send(cmd1A), normal,
            send(m.init15), normal,
            send(m.init16), .receive(endpoint: controlEndpoint, length: 2_368), control(), data(4_800),
            send(m.init17), normal,
            send(m.init18), normal,
        ]
    }()

    /// libfprint's "initiate capture": run before each swipe.
    public static let initiateCapture: [Step] = {
        let m = VFS5011RecordedMessages.self
        return [
            .send(cmd04), data(64), data(84_032), normal,
            .send(cmd1A), normal,
            send(m.init02), normal,
            .send(cmd1A), normal,
            send(m.init15), normal,
            send(m.prepare02), .receive(endpoint: controlEndpoint, length: 2_368), control(), data(4_800),
            send(m.init17), normal,
            send(m.prepare04), .expectNormal(length: 2_368),
        ]
    }()

    /// Lines are read 256 at a time.
    public static let chunkLines = 256
}
