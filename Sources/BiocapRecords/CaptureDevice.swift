/// The capture device fields every ISO/IEC 19794-x:2011 representation carries (5 bytes): technology id
/// (modality-specific code table), vendor id (IBIA registered, 0 = unspecified) and the vendor's device type id.
public struct CaptureDevice: Sendable, Hashable {
    public var technologyID: UInt8
    public var vendorID: UInt16
    public var typeID: UInt16

    /// Everything unspecified (0).
    public static let unspecified = CaptureDevice(technologyID: 0, vendorID: 0, typeID: 0)

    public init(technologyID: UInt8, vendorID: UInt16, typeID: UInt16) {
        self.technologyID = technologyID
        self.vendorID = vendorID
        self.typeID = typeID
    }

    func write(to writer: inout ByteWriter) {
        writer.write(technologyID)
        writer.write(vendorID)
        writer.write(typeID)
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> CaptureDevice {
        CaptureDevice(technologyID: try reader.readUInt8(), vendorID: try reader.readUInt16(), typeID: try reader.readUInt16())
    }
}
