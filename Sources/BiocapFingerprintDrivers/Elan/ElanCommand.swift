/// One Elan command: two bytes on bulk OUT 0x01, then (unless `responseLength` is 0) a read of the
/// reply on `responseEndpoint`.
public struct ElanCommand: Sendable, Equatable {
    public let bytes: [UInt8]
    /// Bytes of the reply; 0 = no reply is read; the image reply's length comes from the sensor size.
    public let responseLength: Int
    public let responseEndpoint: UInt8
    /// Sent only to these variants (empty = all).
    public let onlyFor: ElanQuirks

    public static let commandEndpoint: UInt8 = 0x01
    public static let replyEndpoint: UInt8 = 0x83
    public static let imageEndpoint: UInt8 = 0x82

    init(_ first: UInt8, _ second: UInt8, responseLength: Int, responseEndpoint: UInt8 = replyEndpoint, onlyFor: ElanQuirks = []) {
        self.bytes = [first, second]
        self.responseLength = responseLength
        self.responseEndpoint = responseEndpoint
        self.onlyFor = onlyFor
    }

    /// Whether the command is sent to a sensor with `quirks`.
    public func applies(to quirks: ElanQuirks) -> Bool {
        onlyFor.isEmpty || !onlyFor.isDisjoint(with: quirks)
    }

    public static let sensorDimensions = ElanCommand(0x00, 0x0c, responseLength: 4)
    public static let firmwareVersion = ElanCommand(0x40, 0x19, responseLength: 2)
    /// Unknown; only the 0907 gets it (answers 00 01).
    public static let activate = ElanCommand(0x40, 0x2a, responseLength: 2, onlyFor: .elan0907)
    /// Reads one raw frame (16-bit pixels) from the image endpoint.
    public static let image = ElanCommand(0x00, 0x09, responseLength: -1, responseEndpoint: imageEndpoint)
    public static let calibrationStatus = ElanCommand(0x40, 0x23, responseLength: 1)
    public static let calibrationMean = ElanCommand(0x40, 0x24, responseLength: 2)
    public static let ledOn = ElanCommand(0x40, 0x31, responseLength: 0)
    /// Waits for a finger; answers 0x55 when one is on the sensor.
    public static let preScan = ElanCommand(0x40, 0x3f, responseLength: 1)
    /// LED off, stop waiting for a finger.
    public static let stop = ElanCommand(0x00, 0x0b, responseLength: 0)
}
