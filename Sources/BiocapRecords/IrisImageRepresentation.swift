import BiocapCore

/// One eye image inside an `IrisImageRecord` (ISO/IEC 19794-6:2011 iris representation).
///
/// Wire layout, big-endian: representation length 4 (including itself), capture date-time 9, device technology 1,
/// vendor 2, type 2, quality block count 1 + 5 each, representation number 2, eye label 1, image type 1,
/// image format 1, image properties 1, width 2, height 2, bit depth 1, range 2, roll angle 2, roll angle
/// uncertainty 2, iris centre smallest x 2, largest x 2, smallest y 2, largest y 2, iris diameter smallest 2,
/// largest 2, image data length 4, image data. The representation ends exactly at the end of the image data.
public struct IrisImageRepresentation: Sendable, Hashable {
    public var captureDateTime: CaptureDateTime
    /// Technology ids: 0 unknown, 1 CMOS/CCD.
    public var captureDevice: CaptureDevice
    public var qualityBlocks: [QualityBlock]
    public var representationNumber: UInt16
    public var eye: EyePosition
    /// 1 uncropped, 2 VGA, 3 cropped, 7 cropped and masked.
    public var imageType: UInt8
    public var imageFormat: IrisImageFormat
    /// Bits 0–1 horizontal orientation, 2–3 vertical orientation (0 undefined, 1 base, 2 flipped),
    /// bits 6–7 compression history (0 undefined, 1 lossless or none, 2 lossy).
    public var imageProperties: UInt8
    public var width: UInt16
    public var height: UInt16
    /// Bits per sample, 1–16.
    public var bitDepth: UInt8
    /// Camera-to-eye distance in cm; 0 unassigned, 1 failed, 0xFFFF overflow.
    public var range: UInt16
    /// Roll angle of the eye in units of 360/65535 degrees; 0xFFFF undefined.
    public var rollAngle: UInt16
    public var rollAngleUncertainty: UInt16
    public var irisCentreSmallestX: UInt16
    public var irisCentreLargestX: UInt16
    public var irisCentreSmallestY: UInt16
    public var irisCentreLargestY: UInt16
    public var irisDiameterSmallest: UInt16
    public var irisDiameterLargest: UInt16
    public var imageData: [UInt8]

    public static let uncropped: UInt8 = 1
    public static let vga: UInt8 = 2
    public static let cropped: UInt8 = 3
    public static let croppedAndMasked: UInt8 = 7
    public static let undefinedAngle: UInt16 = 0xFFFF

    public init(
        captureDateTime: CaptureDateTime, captureDevice: CaptureDevice = .unspecified,
        qualityBlocks: [QualityBlock] = [], representationNumber: UInt16 = 1, eye: EyePosition,
        imageType: UInt8 = uncropped, imageFormat: IrisImageFormat, imageProperties: UInt8 = 0, width: UInt16,
        height: UInt16, bitDepth: UInt8 = 8, range: UInt16 = 0, rollAngle: UInt16 = undefinedAngle,
        rollAngleUncertainty: UInt16 = undefinedAngle, irisCentreSmallestX: UInt16 = 0,
        irisCentreLargestX: UInt16 = 0, irisCentreSmallestY: UInt16 = 0, irisCentreLargestY: UInt16 = 0,
        irisDiameterSmallest: UInt16 = 0, irisDiameterLargest: UInt16 = 0, imageData: [UInt8]
    ) {
        self.captureDateTime = captureDateTime
        self.captureDevice = captureDevice
        self.qualityBlocks = qualityBlocks
        self.representationNumber = representationNumber
        self.eye = eye
        self.imageType = imageType
        self.imageFormat = imageFormat
        self.imageProperties = imageProperties
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.range = range
        self.rollAngle = rollAngle
        self.rollAngleUncertainty = rollAngleUncertainty
        self.irisCentreSmallestX = irisCentreSmallestX
        self.irisCentreLargestX = irisCentreLargestX
        self.irisCentreSmallestY = irisCentreSmallestY
        self.irisCentreLargestY = irisCentreLargestY
        self.irisDiameterSmallest = irisDiameterSmallest
        self.irisDiameterLargest = irisDiameterLargest
        self.imageData = imageData
    }

    /// Horizontal orientation: 0 undefined, 1 base, 2 flipped.
    public var horizontalOrientation: UInt8 { imageProperties & 0x03 }
    /// Vertical orientation: 0 undefined, 1 base, 2 flipped.
    public var verticalOrientation: UInt8 { (imageProperties >> 2) & 0x03 }
    /// Compression history: 0 undefined, 1 lossless or none, 2 lossy.
    public var compressionHistory: UInt8 { imageProperties >> 6 }

    /// Packs the image properties byte.
    public static func properties(horizontal: UInt8, vertical: UInt8, compressionHistory: UInt8) -> UInt8 {
        (horizontal & 0x03) | (vertical & 0x03) << 2 | (compressionHistory & 0x03) << 6
    }

    /// The image's pixels: mono raw 8-bit, or mono JPEG 2000 (decoded, and checked to be grey and of the record's
    /// size); throws `unsupported` otherwise.
    public func grayImage() throws(RecordError) -> GrayImage {
        guard bitDepth == 8 else {
            throw .unsupported("iris image format \(imageFormat) with bit depth \(bitDepth) as GrayImage")
        }
        switch imageFormat {
        case .monoRaw:
            do {
                return try GrayImage(width: Int(width), height: Int(height), pixels: imageData)
            } catch {
                throw .invalidField(name: "iris image", value: "\(error)")
            }
        case .monoJPEG2000:
            return try RecordImageCodec.decodeGray(imageData, width: Int(width), height: Int(height), field: "iris image")
        default:
            throw .unsupported("iris image format \(imageFormat) as GrayImage")
        }
    }

    func validate() throws(RecordError) {
        try captureDateTime.validate()
        for block in qualityBlocks { try block.validate() }
        guard [Self.uncropped, Self.vga, Self.cropped, Self.croppedAndMasked].contains(imageType) else {
            throw .invalidField(name: "iris image type", value: "\(imageType)")
        }
        guard horizontalOrientation <= 2, verticalOrientation <= 2, compressionHistory <= 2 else {
            throw .invalidField(name: "iris image properties", value: "0x" + String(imageProperties, radix: 16))
        }
        guard (1...16).contains(bitDepth) else { throw .invalidField(name: "iris bit depth", value: "\(bitDepth)") }
        guard width > 0, height > 0 else { throw .invalidField(name: "iris image size", value: "\(width)×\(height)") }
        if imageFormat.isRaw {
            let bytesPerSample = (Int(bitDepth) + 7) / 8
            let expected = Int(width) * Int(height) * imageFormat.channels * bytesPerSample
            guard imageData.count == expected else {
                throw .lengthMismatch(
                    field: "raw \(width)×\(height) iris image", declared: expected, actual: imageData.count)
            }
        } else {
            try ImageSignature.require(imageFormat.signatures, in: imageData, field: "iris \(imageFormat) image data")
        }
    }

    func write(to writer: inout ByteWriter) throws(RecordError) {
        try validate()
        let start = writer.count
        writer.write(UInt32(0))  // representation length, patched below
        captureDateTime.write(to: &writer)
        captureDevice.write(to: &writer)
        try QualityBlock.writeList(qualityBlocks, to: &writer)
        writer.write(representationNumber)
        writer.write(eye.rawValue)
        writer.write(imageType)
        writer.write(imageFormat.rawValue)
        writer.write(imageProperties)
        writer.write(width)
        writer.write(height)
        writer.write(bitDepth)
        for value in [
            range, rollAngle, rollAngleUncertainty, irisCentreSmallestX, irisCentreLargestX, irisCentreSmallestY,
            irisCentreLargestY, irisDiameterSmallest, irisDiameterLargest,
        ] {
            writer.write(value)
        }
        writer.write(try FieldWidth.uint32(imageData.count, "iris image data length"))
        writer.write(imageData)
        writer.patch(try FieldWidth.uint32(writer.count - start, "iris representation length"), at: start)
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> IrisImageRepresentation {
        // 4 length + 9 date + 5 device + 1 quality count + 2 number + 27 image information + 4 data length.
        var body = try reader.representationBody(minimumLength: 52, kind: "iris")
        let dateTime = try CaptureDateTime.read(from: &body)
        let device = try CaptureDevice.read(from: &body)
        let quality = try QualityBlock.readList(from: &body)
        let number = try body.readUInt16()
        let eyeCode = try body.readUInt8()
        guard let eye = EyePosition(rawValue: eyeCode) else {
            throw .invalidField(name: "eye label", value: "\(eyeCode)")
        }
        let imageType = try body.readUInt8()
        let formatCode = try body.readUInt8()
        guard let format = IrisImageFormat(rawValue: formatCode) else {
            throw .invalidField(name: "iris image format", value: "\(formatCode)")
        }
        let properties = try body.readUInt8()
        let width = try body.readUInt16()
        let height = try body.readUInt16()
        let bitDepth = try body.readUInt8()
        var shorts: [UInt16] = []
        for _ in 0..<9 { shorts.append(try body.readUInt16()) }
        let dataLength = Int(try body.readUInt32())
        guard dataLength == body.remaining else {
            throw .lengthMismatch(field: "iris image data length", declared: dataLength, actual: body.remaining)
        }
        let representation = IrisImageRepresentation(
            captureDateTime: dateTime, captureDevice: device, qualityBlocks: quality, representationNumber: number,
            eye: eye, imageType: imageType, imageFormat: format, imageProperties: properties, width: width,
            height: height, bitDepth: bitDepth, range: shorts[0], rollAngle: shorts[1], rollAngleUncertainty: shorts[2],
            irisCentreSmallestX: shorts[3], irisCentreLargestX: shorts[4], irisCentreSmallestY: shorts[5],
            irisCentreLargestY: shorts[6], irisDiameterSmallest: shorts[7], irisDiameterLargest: shorts[8],
            imageData: try body.readBytes(dataLength))
        try representation.validate()
        return representation
    }
}
