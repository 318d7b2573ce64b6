import BiocapCore

/// One finger (or slap) image inside a `FingerImageRecord` (ISO/IEC 19794-4:2011 finger representation).
///
/// Wire layout, big-endian: representation length 4 (including itself), capture date-time 9, device technology 1,
/// vendor 2, type 2, quality block count 1 + 5 each, [certification block count 1 + 3 each — only when the record's
/// certification flag is set], finger position 1, representation number 1, scale units 1, scan sampling rate
/// horizontal 2 / vertical 2, image sampling rate horizontal 2 / vertical 2, bit depth 1, compression 1,
/// impression type 1, horizontal line length 2, vertical line length 2, image data length 4, image data, then
/// optional extended data blocks up to the representation length.
public struct FingerImageRepresentation: Sendable, Hashable {
    public var captureDateTime: CaptureDateTime
    /// Technology ids: 0 unknown, 1 white-light optical TIR, 2 optical direct, 3 optical touchless, … 12 capacitive.
    public var captureDevice: CaptureDevice
    public var qualityBlocks: [QualityBlock]
    /// Written only when the record's certification flag is set.
    public var certificationBlocks: [FingerCertificationBlock]
    /// Codes outside `FingerPosition` (palm codes, 11, 12, 40–50) are rejected on decode.
    public var position: FingerPosition
    public var representationNumber: UInt8
    public var scaleUnits: ScaleUnits
    public var scanSamplingRate: SamplingRate
    public var imageSamplingRate: SamplingRate
    /// Bits per pixel, 1–16.
    public var bitDepth: UInt8
    public var compression: FingerImageCompression
    /// Impression type: 0 live-scan plain, 1 live-scan rolled, 2/3 non-live plain/rolled, 4–7 latents,
    /// 8 live-scan swipe, 10–15 palm, 24 contactless plain, 28 other, 29 unknown (0–29 accepted).
    public var impressionType: UInt8
    /// Horizontal line length: image width in pixels.
    public var width: UInt16
    /// Vertical line length: image height in pixels.
    public var height: UInt16
    public var imageData: [UInt8]
    public var extendedData: [FingerExtendedDataBlock]

    /// How sampling rates are expressed.
    public enum ScaleUnits: UInt8, Sendable, Hashable {
        case pixelsPerInch = 1
        case pixelsPerCentimetre = 2
    }

    /// Horizontal and vertical sampling rate in `scaleUnits`.
    public struct SamplingRate: Sendable, Hashable {
        public var horizontal: UInt16
        public var vertical: UInt16

        public init(horizontal: UInt16, vertical: UInt16) {
            self.horizontal = horizontal
            self.vertical = vertical
        }

        public static func uniform(_ rate: UInt16) -> SamplingRate { SamplingRate(horizontal: rate, vertical: rate) }
    }

    public static let liveScanPlain: UInt8 = 0
    public static let unknownImpression: UInt8 = 29

    public init(
        captureDateTime: CaptureDateTime, captureDevice: CaptureDevice = .unspecified,
        qualityBlocks: [QualityBlock] = [], certificationBlocks: [FingerCertificationBlock] = [],
        position: FingerPosition, representationNumber: UInt8 = 0, scaleUnits: ScaleUnits = .pixelsPerInch,
        scanSamplingRate: SamplingRate = .uniform(500), imageSamplingRate: SamplingRate = .uniform(500),
        bitDepth: UInt8 = 8, compression: FingerImageCompression, impressionType: UInt8 = liveScanPlain,
        width: UInt16, height: UInt16, imageData: [UInt8], extendedData: [FingerExtendedDataBlock] = []
    ) {
        self.captureDateTime = captureDateTime
        self.captureDevice = captureDevice
        self.qualityBlocks = qualityBlocks
        self.certificationBlocks = certificationBlocks
        self.position = position
        self.representationNumber = representationNumber
        self.scaleUnits = scaleUnits
        self.scanSamplingRate = scanSamplingRate
        self.imageSamplingRate = imageSamplingRate
        self.bitDepth = bitDepth
        self.compression = compression
        self.impressionType = impressionType
        self.width = width
        self.height = height
        self.imageData = imageData
        self.extendedData = extendedData
    }

    /// The image's pixels: 8-bit raw, JPEG 2000 or WSQ (decoded, and checked to be grey and of the record's size); throws
    /// `unsupported` for other encodings (bit-packed, other depths, and codecs biocap does not decode).
    public func grayImage() throws(RecordError) -> GrayImage {
        guard bitDepth == 8 else {
            throw .unsupported("finger image with compression \(compression) and bit depth \(bitDepth) as GrayImage")
        }
        let ppi: Int? = switch scaleUnits {
        case .pixelsPerInch: Int(imageSamplingRate.horizontal)
        case .pixelsPerCentimetre: Int((Double(imageSamplingRate.horizontal) * 2.54).rounded())
        }
        switch compression {
        case .uncompressed:
            do {
                return try GrayImage(width: Int(width), height: Int(height), pixels: imageData, ppi: ppi)
            } catch {
                throw .invalidField(name: "finger image", value: "\(error)")
            }
        case .jpeg2000Lossless, .jpeg2000Lossy, .wsq:
            var image = try RecordImageCodec.decodeGray(imageData, width: Int(width), height: Int(height), field: "finger image")
            image.ppi = ppi
            return image
        default:
            throw .unsupported("finger image with compression \(compression) as GrayImage")
        }
    }

    /// Throws unless every field is allowed and the image data fits its description.
    func validate(certified: Bool) throws(RecordError) {
        try captureDateTime.validate()
        for block in qualityBlocks { try block.validate() }
        if !certified, !certificationBlocks.isEmpty {
            throw .invalidField(
                name: "certification blocks", value: "\(certificationBlocks.count) present but certification flag is 0")
        }
        guard (1...16).contains(bitDepth) else { throw .invalidField(name: "finger bit depth", value: "\(bitDepth)") }
        guard impressionType <= 29 else { throw .invalidField(name: "impression type", value: "\(impressionType)") }
        guard width > 0, height > 0 else {
            throw .invalidField(name: "finger image size", value: "\(width)×\(height)")
        }
        let pixels = Int(width) * Int(height)
        switch compression {
        case .uncompressed:
            let expected = pixels * (bitDepth > 8 ? 2 : 1)
            guard imageData.count == expected else {
                throw .lengthMismatch(
                    field: "uncompressed \(width)×\(height)×\(bitDepth)-bit image", declared: expected,
                    actual: imageData.count)
            }
        case .uncompressedBitPacked:
            let expected = (pixels * Int(bitDepth) + 7) / 8
            guard imageData.count == expected else {
                throw .lengthMismatch(field: "bit-packed image", declared: expected, actual: imageData.count)
            }
        default:
            try ImageSignature.require(compression.signatures, in: imageData, field: "finger \(compression) image data")
        }
    }

    func write(to writer: inout ByteWriter, certified: Bool) throws(RecordError) {
        try validate(certified: certified)
        let start = writer.count
        writer.write(UInt32(0))  // representation length, patched below
        captureDateTime.write(to: &writer)
        captureDevice.write(to: &writer)
        try QualityBlock.writeList(qualityBlocks, to: &writer)
        if certified {
            writer.write(try FieldWidth.uint8(certificationBlocks.count, "certification block count"))
            for block in certificationBlocks {
                writer.write(block.authorityID)
                writer.write(block.schemeID)
            }
        }
        writer.write(position.rawValue)
        writer.write(representationNumber)
        writer.write(scaleUnits.rawValue)
        writer.write(scanSamplingRate.horizontal)
        writer.write(scanSamplingRate.vertical)
        writer.write(imageSamplingRate.horizontal)
        writer.write(imageSamplingRate.vertical)
        writer.write(bitDepth)
        writer.write(compression.rawValue)
        writer.write(impressionType)
        writer.write(width)
        writer.write(height)
        writer.write(try FieldWidth.uint32(imageData.count, "finger image data length"))
        writer.write(imageData)
        for block in extendedData { try block.write(to: &writer) }
        writer.patch(try FieldWidth.uint32(writer.count - start, "finger representation length"), at: start)
    }

    static func read(from reader: inout ByteReader, certified: Bool) throws(RecordError) -> FingerImageRepresentation {
        // Smallest possible: 4 length + 9 date + 5 device + 1 quality count + 18 image header + 4 data length.
        var body = try reader.representationBody(minimumLength: 41 + (certified ? 1 : 0), kind: "finger")
        let dateTime = try CaptureDateTime.read(from: &body)
        let device = try CaptureDevice.read(from: &body)
        let quality = try QualityBlock.readList(from: &body)
        var certifications: [FingerCertificationBlock] = []
        if certified {
            let count = Int(try body.readUInt8())
            for _ in 0..<count {
                certifications.append(
                    FingerCertificationBlock(authorityID: try body.readUInt16(), schemeID: try body.readUInt8()))
            }
        }
        let positionCode = try body.readUInt8()
        guard let position = FingerPosition(rawValue: positionCode) else {
            throw .invalidField(name: "finger position", value: "\(positionCode)")
        }
        let representationNumber = try body.readUInt8()
        let unitsCode = try body.readUInt8()
        guard let units = ScaleUnits(rawValue: unitsCode) else {
            throw .invalidField(name: "scale units", value: "\(unitsCode)")
        }
        let scanRate = SamplingRate(horizontal: try body.readUInt16(), vertical: try body.readUInt16())
        let imageRate = SamplingRate(horizontal: try body.readUInt16(), vertical: try body.readUInt16())
        let bitDepth = try body.readUInt8()
        let compressionCode = try body.readUInt8()
        guard let compression = FingerImageCompression(rawValue: compressionCode) else {
            throw .invalidField(name: "finger compression", value: "\(compressionCode)")
        }
        let impression = try body.readUInt8()
        let width = try body.readUInt16()
        let height = try body.readUInt16()
        let dataLength = Int(try body.readUInt32())
        guard dataLength <= body.remaining else {
            throw .lengthMismatch(field: "finger image data length", declared: dataLength, actual: body.remaining)
        }
        let imageData = try body.readBytes(dataLength)
        let extended = try FingerExtendedDataBlock.readAll(from: &body)
        let representation = FingerImageRepresentation(
            captureDateTime: dateTime, captureDevice: device, qualityBlocks: quality,
            certificationBlocks: certifications, position: position, representationNumber: representationNumber,
            scaleUnits: units, scanSamplingRate: scanRate, imageSamplingRate: imageRate, bitDepth: bitDepth,
            compression: compression, impressionType: impression, width: width, height: height,
            imageData: imageData, extendedData: extended)
        try representation.validate(certified: certified)
        return representation
    }
}
