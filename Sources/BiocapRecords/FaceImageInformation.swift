/// The image information block of a face representation (11 bytes): face image type 1, image data type 1,
/// width 2, height 2, spatial sampling rate level 1, post-acquisition processing 2, cross reference 1,
/// image colour space 1.
public struct FaceImageInformation: Sendable, Hashable {
    /// 0 basic, 1 full frontal, 2 token frontal, 3 post-processed frontal (3D types 0x80–0x82 are unsupported).
    public var faceImageType: UInt8
    public var dataType: FaceImageDataType
    public var width: UInt16
    public var height: UInt16
    /// Spatial sampling rate level (0 unspecified, 1 < 180 px inter-eye … ).
    public var spatialSamplingRateLevel: UInt8
    /// Post-acquisition processing flags (bit 0 rotated, bit 1 cropped, bit 2 down-sampled …).
    public var postAcquisitionProcessing: UInt16
    /// 0 = not cross-referenced; otherwise the id of the representation this one is derived from.
    public var crossReference: UInt8
    /// 0 unspecified, 1 24-bit sRGB, 2 YUV422, 3 8-bit greyscale, 4 other.
    public var colourSpace: UInt8

    public static let byteCount = 11
    public static let basic: UInt8 = 0
    public static let fullFrontal: UInt8 = 1
    public static let rgb24: UInt8 = 1
    public static let greyscale8: UInt8 = 3

    public init(
        faceImageType: UInt8 = basic, dataType: FaceImageDataType, width: UInt16, height: UInt16,
        spatialSamplingRateLevel: UInt8 = 0, postAcquisitionProcessing: UInt16 = 0, crossReference: UInt8 = 0,
        colourSpace: UInt8 = rgb24
    ) {
        self.faceImageType = faceImageType
        self.dataType = dataType
        self.width = width
        self.height = height
        self.spatialSamplingRateLevel = spatialSamplingRateLevel
        self.postAcquisitionProcessing = postAcquisitionProcessing
        self.crossReference = crossReference
        self.colourSpace = colourSpace
    }

    func validate() throws(RecordError) {
        if (0x80...0x82).contains(faceImageType) {
            throw .unsupported("3D face image type \(faceImageType)")
        }
        guard faceImageType <= 3 else { throw .invalidField(name: "face image type", value: "\(faceImageType)") }
        guard width > 0, height > 0 else { throw .invalidField(name: "face image size", value: "\(width)×\(height)") }
        guard colourSpace <= 4 || colourSpace >= 128 else {
            throw .invalidField(name: "image colour space", value: "\(colourSpace)")
        }
    }

    func write(to writer: inout ByteWriter) {
        writer.write(faceImageType)
        writer.write(dataType.rawValue)
        writer.write(width)
        writer.write(height)
        writer.write(spatialSamplingRateLevel)
        writer.write(postAcquisitionProcessing)
        writer.write(crossReference)
        writer.write(colourSpace)
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> FaceImageInformation {
        let imageType = try reader.readUInt8()
        let typeCode = try reader.readUInt8()
        guard let dataType = FaceImageDataType(rawValue: typeCode) else {
            throw .invalidField(name: "face image data type", value: "\(typeCode)")
        }
        let info = FaceImageInformation(
            faceImageType: imageType, dataType: dataType, width: try reader.readUInt16(),
            height: try reader.readUInt16(), spatialSamplingRateLevel: try reader.readUInt8(),
            postAcquisitionProcessing: try reader.readUInt16(), crossReference: try reader.readUInt8(),
            colourSpace: try reader.readUInt8())
        try info.validate()
        return info
    }
}
