/// One face image inside a `FaceImageRecord` (ISO/IEC 19794-5:2011 2D representation).
///
/// Wire layout, big-endian: representation length 4 (including itself), capture date-time 9, device technology 1,
/// vendor 2, type 2, quality block count 1 + 5 each, landmark point count 2, facial information 15
/// (`FacialInformation`), landmark points 8 each, image information 11 (`FaceImageInformation`), image data
/// length 4, image data. The representation ends exactly at the end of the image data.
public struct FaceImageRepresentation: Sendable, Hashable {
    public var captureDateTime: CaptureDateTime
    /// Technology ids: 0 unknown, 1 static photo unknown source, 2 digital still, 3 scan, 4–6 video frames.
    public var captureDevice: CaptureDevice
    public var qualityBlocks: [QualityBlock]
    public var facialInformation: FacialInformation
    public var landmarkPoints: [FaceLandmarkPoint]
    public var imageInformation: FaceImageInformation
    public var imageData: [UInt8]

    public init(
        captureDateTime: CaptureDateTime, captureDevice: CaptureDevice = .unspecified,
        qualityBlocks: [QualityBlock] = [], facialInformation: FacialInformation = .unspecified,
        landmarkPoints: [FaceLandmarkPoint] = [], imageInformation: FaceImageInformation, imageData: [UInt8]
    ) {
        self.captureDateTime = captureDateTime
        self.captureDevice = captureDevice
        self.qualityBlocks = qualityBlocks
        self.facialInformation = facialInformation
        self.landmarkPoints = landmarkPoints
        self.imageInformation = imageInformation
        self.imageData = imageData
    }

    func validate() throws(RecordError) {
        try captureDateTime.validate()
        for block in qualityBlocks { try block.validate() }
        try facialInformation.validate()
        try imageInformation.validate()
        try ImageSignature.require(
            imageInformation.dataType.signatures, in: imageData, field: "face \(imageInformation.dataType) image data")
    }

    func write(to writer: inout ByteWriter) throws(RecordError) {
        try validate()
        let start = writer.count
        writer.write(UInt32(0))  // representation length, patched below
        captureDateTime.write(to: &writer)
        captureDevice.write(to: &writer)
        try QualityBlock.writeList(qualityBlocks, to: &writer)
        writer.write(try FieldWidth.uint16(landmarkPoints.count, "landmark point count"))
        facialInformation.write(to: &writer)
        for point in landmarkPoints { point.write(to: &writer) }
        imageInformation.write(to: &writer)
        writer.write(try FieldWidth.uint32(imageData.count, "face image data length"))
        writer.write(imageData)
        writer.patch(try FieldWidth.uint32(writer.count - start, "face representation length"), at: start)
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> FaceImageRepresentation {
        // 4 length + 9 date + 5 device + 1 quality count + 2 landmark count + 15 facial + 11 image info + 4 data length.
        var body = try reader.representationBody(minimumLength: 51, kind: "face")
        let dateTime = try CaptureDateTime.read(from: &body)
        let device = try CaptureDevice.read(from: &body)
        let quality = try QualityBlock.readList(from: &body)
        let landmarkCount = Int(try body.readUInt16())
        let facial = try FacialInformation.read(from: &body)
        guard landmarkCount * FaceLandmarkPoint.byteCount <= body.remaining else {
            throw .lengthMismatch(
                field: "landmark point count \(landmarkCount)", declared: landmarkCount * FaceLandmarkPoint.byteCount,
                actual: body.remaining)
        }
        var landmarks: [FaceLandmarkPoint] = []
        for _ in 0..<landmarkCount { landmarks.append(try FaceLandmarkPoint.read(from: &body)) }
        let imageInfo = try FaceImageInformation.read(from: &body)
        let dataLength = Int(try body.readUInt32())
        guard dataLength == body.remaining else {
            throw .lengthMismatch(field: "face image data length", declared: dataLength, actual: body.remaining)
        }
        let representation = FaceImageRepresentation(
            captureDateTime: dateTime, captureDevice: device, qualityBlocks: quality, facialInformation: facial,
            landmarkPoints: landmarks, imageInformation: imageInfo, imageData: try body.readBytes(dataLength))
        try representation.validate()
        return representation
    }
}
