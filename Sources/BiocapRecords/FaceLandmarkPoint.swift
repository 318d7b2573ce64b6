/// A landmark point of a face representation (8 bytes): type (1 = MPEG-4 feature point, 2 = anthropometric
/// landmark), code (major/minor point), and x, y, z in image pixels (z = 0 for 2D).
public struct FaceLandmarkPoint: Sendable, Hashable {
    public var type: UInt8
    public var code: UInt8
    public var x: UInt16
    public var y: UInt16
    public var z: UInt16

    public static let byteCount = 8

    public init(type: UInt8, code: UInt8, x: UInt16, y: UInt16, z: UInt16 = 0) {
        self.type = type
        self.code = code
        self.x = x
        self.y = y
        self.z = z
    }

    func write(to writer: inout ByteWriter) {
        writer.write(type)
        writer.write(code)
        writer.write(x)
        writer.write(y)
        writer.write(z)
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> FaceLandmarkPoint {
        let point = FaceLandmarkPoint(
            type: try reader.readUInt8(), code: try reader.readUInt8(), x: try reader.readUInt16(),
            y: try reader.readUInt16(), z: try reader.readUInt16())
        guard (1...3).contains(point.type) else {
            throw .invalidField(name: "landmark point type", value: "\(point.type)")
        }
        return point
    }
}
