import BiocapDeviceKit

/// What the Elan driver computes from replies: finger frames less the background, their grey levels
/// stretched to 8 bits, and whether the sensor needs calibrating (libfprint's `elan.c`).
public enum ElanWireFormat {
    /// Sensors with at least this firmware version calibrate (and the 0c42 always does).
    public static let minimumCalibrationFirmware: UInt16 = 0x0138
    /// Largest allowed difference between the background mean and the calibration mean.
    public static let calibrationMaximumDelta = 500
    /// Calibration status reads per calibration.
    public static let calibrationAttempts = 10
    /// A swipe needs at least this many frames; at most this many are read.
    public static let minimumFrames = 7
    public static let maximumFrames = 30
    /// The last frames of a swipe are dropped: the finger is already leaving.
    public static let skippedLastFrames = 2
    /// Finger-on answer of the pre-scan command.
    public static let fingerPresent: UInt8 = 0x55

    /// `frame` less `background`, clamped at 0; nil when nothing is left (the frame is darker than the
    /// background everywhere: a finger was on the sensor during calibration).
    public static func subtractBackground(_ frame: [UInt16], _ background: [UInt16]) -> [UInt16]? {
        guard frame.count == background.count else { return nil }
        var sum: UInt32 = 0
        var result = frame
        for index in result.indices {
            result[index] = background[index] > frame[index] ? 0 : frame[index] - background[index]
            sum &+= UInt32(result[index])
        }
        return sum == 0 ? nil : result
    }

    /// libfprint's default stretch: the darkest 30 % of values to 0–99, the next 35 % to 99–155, the
    /// rest to 155–255 (levels taken from a sort that, as libfprint's, orders values as signed 16-bit).
    public static func stretchThirds(_ raw: [UInt16]) -> [UInt8] {
        guard !raw.isEmpty else { return [] }
        let sorted = raw.sorted { Int16(bitPattern: $0) < Int16(bitPattern: $1) }
        let size = raw.count
        let level0 = Int(sorted[0]), level1 = Int(sorted[size * 3 / 10])
        let level2 = Int(sorted[size * 65 / 100]), level3 = Int(sorted[size - 1])
        return raw.map { value in
            let pixel = Int(value)
            let mapped: Int
            if level0 <= pixel, pixel < level1 {
                mapped = (pixel - level0) * 99 / (level1 - level0)
            } else if level1 <= pixel, pixel < level2 {
                mapped = 99 + (pixel - level1) * 56 / (level2 - level1)
            } else {
                let span = level3 - level2
                mapped = 155 + (span == 0 ? 0 : (pixel - level2) * 100 / span)
            }
            return UInt8(truncatingIfNeeded: UInt16(truncatingIfNeeded: mapped))
        }
    }

    /// The 0907's stretch: minimum to 0, maximum to 255, linearly. A flat frame is an error.
    public static func stretchLinear(_ raw: [UInt16]) throws(FingerprintDriverError) -> [UInt8] {
        guard let low = raw.min(), let high = raw.max(), high != low else {
            throw .protocolViolation("a finger frame is flat (no contrast)")
        }
        return raw.map { UInt8(truncatingIfNeeded: UInt16(truncatingIfNeeded: (Int($0) - Int(low)) * 0xff / (Int(high) - Int(low)))) }
    }

    /// Whether the sensor needs calibrating: the 2-byte calibration mean (libfprint reads it as
    /// `b0 × 255 + b1`) differs from the background's mean by more than 500; on the 0c42 also when the
    /// mean is outside 2500…5500.
    public static func needsCalibration(meanReply: [UInt8], background: [UInt16], quirks: ElanQuirks) throws(FingerprintDriverError) -> Bool {
        guard meanReply.count >= 2 else {
            throw .protocolViolation("calibration mean reply has \(meanReply.count) bytes")
        }
        guard !background.isEmpty else { return true }
        let calibrationMean = Int(meanReply[0]) * 0xff + Int(meanReply[1])
        if quirks.contains(.elan0c42), calibrationMean > 5500 || calibrationMean < 2500 { return true }
        let backgroundMean = Int(background.reduce(UInt32(0)) { $0 &+ UInt32($1) }) / background.count
        return abs(backgroundMean - calibrationMean) > calibrationMaximumDelta
    }
}
