import BiocapCore
import BiocapDeviceKit

/// The TouchChip sensor behind the coprocessor, picked (as libfprint does) by the sensor size the device
/// reports in its information reply; it fixes the image size and whether the sensor is pressed or swiped.
public struct UpekSensorType: Sendable, Equatable, CustomStringConvertible {
    /// TCS1x, TCS2, TCS3, TCS4x or TCS5x.
    public var family: String
    /// The sensor's own size as the device reports it.
    public var sensorWidth: Int
    public var sensorHeight: Int
    /// The size of the image the coprocessor sends.
    public var imageWidth: Int
    public var imageHeight: Int
    /// A press ("area") sensor rather than a swipe sensor: it waits for a finger, and a bad placement
    /// is acknowledged and waited out instead of ending the capture.
    public var isAreaSensor: Bool

    public var description: String {
        "\(family) (\(isAreaSensor ? "area" : "swipe"), sensor \(sensorWidth)×\(sensorHeight), image \(imageWidth)×\(imageHeight))"
    }

    /// libfprint's table: reported sensor width and height → image width and height.
    static let known: [(family: String, sensor: (width: Int, height: Int), image: (width: Int, height: Int))] = [
        ("TCS1x", (256, 360), (192, 270)),
        ("TCS2", (208, 288), (156, 216)),
        ("TCS3", (248, 360), (186, 270)),
        ("TCS4x", (192, 512), (144, 384)),
        ("TCS5x", (144, 512), (108, 384)),
    ]

    /// The swipe TCS4x, the sensor of the 147e:2016 recording: used until (or unless) the device reports one.
    public static let defaultSwipe = UpekSensorType(
        family: "TCS4x", sensorWidth: 192, sensorHeight: 512, imageWidth: 144, imageHeight: 384, isAreaSensor: false)

    /// Offsets in the payload of a `Ciao` reply (frame offset − 7).
    static let infoMarker = (index: 5, bytes: (UInt8(0x06), UInt8(0x14)))
    static let flagsIndex = 42
    static let widthIndex = 43
    static let heightIndex = 45
    /// Flags bit set for a swipe sensor.
    static let swipeFlag: UInt8 = 0x80

    /// Whether this reply is the information reply (payload bytes 5–6 = `06 14`).
    public static func isInformation(_ reply: UpekCiaoFrame) -> Bool {
        let payload = reply.payload
        return payload.count > infoMarker.index + 1
            && payload[infoMarker.index] == infoMarker.bytes.0 && payload[infoMarker.index + 1] == infoMarker.bytes.1
    }

    /// The sensor an information reply describes; an unknown or inconsistent size is a protocol violation.
    public static func from(information reply: UpekCiaoFrame) throws(FingerprintDriverError) -> UpekSensorType {
        let payload = reply.payload
        guard payload.count >= heightIndex + 2,
              let width = payload.integer(UInt16.self, at: widthIndex, .littleEndian),
              let height = payload.integer(UInt16.self, at: heightIndex, .littleEndian) else {
            throw .protocolViolation("sensor information reply too short: \(payload.count) bytes")
        }
        return try from(sensorWidth: Int(width), sensorHeight: Int(height), flags: payload[flagsIndex])
    }

    /// The sensor of this reported size and flags.
    public static func from(sensorWidth: Int, sensorHeight: Int, flags: UInt8) throws(FingerprintDriverError) -> UpekSensorType {
        guard let entry = known.first(where: { $0.sensor.width == sensorWidth && $0.sensor.height == sensorHeight }) else {
            throw .protocolViolation("unknown sensor type (reported size \(sensorWidth)×\(sensorHeight))")
        }
        return UpekSensorType(
            family: entry.family, sensorWidth: sensorWidth, sensorHeight: sensorHeight,
            imageWidth: entry.image.width, imageHeight: entry.image.height, isAreaSensor: flags & swipeFlag == 0)
    }
}
