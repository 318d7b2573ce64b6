import BiocapDeviceKit

/// The Validity VFS0050 session: bulk OUT 0x01, bulk IN 0x81 (replies), bulk IN 0x82 (lines), interrupt IN 0x83
/// (finger events). Control packets are each followed by a 2-byte reply, the commit, its 1,106-byte reply and
/// an empty 5-byte interrupt.
public enum VFS0050WireFormat {
    public static let outEndpoint: UInt8 = 0x01
    public static let replyEndpoint: UInt8 = 0x81
    public static let dataEndpoint: UInt8 = 0x82
    public static let interruptEndpoint: UInt8 = 0x83

    /// Reads that drain an endpoint, and line reads, use this buffer size.
    public static let bufferSize = 65_536
    public static let commitReplyLength = 1_106
    public static let interruptLength = 5
    /// Ends the data stream ("clear EP2"); answered with 2 bytes.
    public static let stop: [UInt8] = [0x04]

    static let turnOn = VFS301WireFormat.decode(VFS0050RecordedMessages.turnOn)
    static let turnOff = VFS301WireFormat.decode(VFS0050RecordedMessages.turnOff)
    static let commit = VFS301WireFormat.decode(VFS0050RecordedMessages.commit)

    public static let emptyInterrupt: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x00]
    /// The interrupts that announce a finger.
    public static let fingerInterrupts: [[UInt8]] = [
        [0x02, 0x00, 0x0e, 0x00, 0xf0],
        [0x02, 0x04, 0x0a, 0x00, 0xf0],
        [0x02, 0x00, 0x0a, 0x00, 0xf0],
    ]
}
