/// The facial information block of a face representation (15 bytes after the landmark count): gender 1, eye
/// colour 1, hair colour 1, subject height 1, property mask 3, expression 2, pose angles yaw/pitch/roll 1 each,
/// then their uncertainties 1 each. Codes follow ISO/IEC 19794-5:2011; 0 means unspecified, 0xFF unknown.
public struct FacialInformation: Sendable, Hashable {
    /// 0 unspecified, 1 male, 2 female, 0xFF unknown.
    public var gender: UInt8
    /// 0 unspecified, 1 black, 2 blue, 3 brown, 4 grey, 5 green, 6 multi-coloured, 7 pink, 0xFF other/unknown.
    public var eyeColour: UInt8
    /// 0 unspecified, 1 bald, 2 black, 3 blonde, 4 brown, 5 grey, 6 white, 7 red, 0xFF unknown.
    public var hairColour: UInt8
    /// Centimetres, 0 unspecified.
    public var subjectHeight: UInt8
    /// 24-bit property flags (glasses, moustache, beard …).
    public var propertyMask: UInt32
    /// 16-bit expression code (0 unspecified, 1 neutral …).
    public var expression: UInt16
    public var poseYaw: UInt8
    public var posePitch: UInt8
    public var poseRoll: UInt8
    public var poseYawUncertainty: UInt8
    public var posePitchUncertainty: UInt8
    public var poseRollUncertainty: UInt8

    public static let byteCount = 15

    /// Everything unspecified.
    public static let unspecified = FacialInformation()

    public init(
        gender: UInt8 = 0, eyeColour: UInt8 = 0, hairColour: UInt8 = 0, subjectHeight: UInt8 = 0,
        propertyMask: UInt32 = 0, expression: UInt16 = 0, poseYaw: UInt8 = 0, posePitch: UInt8 = 0,
        poseRoll: UInt8 = 0, poseYawUncertainty: UInt8 = 0, posePitchUncertainty: UInt8 = 0,
        poseRollUncertainty: UInt8 = 0
    ) {
        self.gender = gender
        self.eyeColour = eyeColour
        self.hairColour = hairColour
        self.subjectHeight = subjectHeight
        self.propertyMask = propertyMask
        self.expression = expression
        self.poseYaw = poseYaw
        self.posePitch = posePitch
        self.poseRoll = poseRoll
        self.poseYawUncertainty = poseYawUncertainty
        self.posePitchUncertainty = posePitchUncertainty
        self.poseRollUncertainty = poseRollUncertainty
    }

    func validate() throws(RecordError) {
        guard gender <= 2 || gender == 0xFF else { throw .invalidField(name: "gender", value: "\(gender)") }
        guard propertyMask <= 0xFF_FFFF else {
            throw .valueOutOfRange(field: "property mask", value: Int(propertyMask), allowed: 0...0xFF_FFFF)
        }
    }

    func write(to writer: inout ByteWriter) {
        writer.write(gender)
        writer.write(eyeColour)
        writer.write(hairColour)
        writer.write(subjectHeight)
        writer.writeUInt24(propertyMask)
        writer.write(expression)
        for value in [poseYaw, posePitch, poseRoll, poseYawUncertainty, posePitchUncertainty, poseRollUncertainty] {
            writer.write(value)
        }
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> FacialInformation {
        let info = FacialInformation(
            gender: try reader.readUInt8(), eyeColour: try reader.readUInt8(), hairColour: try reader.readUInt8(),
            subjectHeight: try reader.readUInt8(), propertyMask: try reader.readUInt24(),
            expression: try reader.readUInt16(), poseYaw: try reader.readUInt8(), posePitch: try reader.readUInt8(),
            poseRoll: try reader.readUInt8(), poseYawUncertainty: try reader.readUInt8(),
            posePitchUncertainty: try reader.readUInt8(), poseRollUncertainty: try reader.readUInt8())
        try info.validate()
        return info
    }
}
