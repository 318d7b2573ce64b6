/// The Elan sensor variants libfprint treats differently (its `driver_data` per USB ID).
public struct ElanQuirks: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 04f3:0907: the extra activation command, linear grey-level stretch instead of thirds.
    public static let elan0907 = ElanQuirks(rawValue: 1 << 0)
    /// 04f3:0c03: frames are not rotated (the sensor is mounted in its raw orientation).
    public static let elan0c03 = ElanQuirks(rawValue: 1 << 1)
    /// 04f3:0c42: one-byte replies come with an extra byte; calibration always supported and forced
    /// when the calibration mean is outside 2500…5500.
    public static let elan0c42 = ElanQuirks(rawValue: 1 << 2)

    /// Sensors whose raw frames need no rotation.
    public static let notRotated: ElanQuirks = .elan0c03
}
