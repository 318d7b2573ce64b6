import BiocapCore

/// What biocap writes into the extended data of its ISO/IEC 19794-7:2007 records: the capture date and time, the
/// quality, and the pad geometry. The 2007 full format has no fields for these (no representation header, unlike
/// the 19794-x:2011 records); its extended data is an opaque octet string, so biocap puts them there, tagged.
///
/// Layout, big-endian: tag `BCAP` 4, block version 1 (= 1), capture date/time 9 (the ISO/IEC 19794-1:2011 layout,
/// UTC), quality block count 1 and 5-byte quality blocks, pad width 4, pad height 4, x and y counts per millimetre
/// 8 each (IEEE 754 double, 0 = unknown), pressure maximum 4, samples per second 8 (double), flags 1 (bit 0 tilt,
/// bit 1 signing box present), signing box x, y, width, height 4 each when flagged, coordinate divisor 2 (pad
/// counts per stored X/Y unit, at least 1).
public struct SignatureCaptureInfo: Sendable, Hashable {
    public static let tag: [UInt8] = Array("BCAP".utf8)
    public static let blockVersion: UInt8 = 1

    public var captureDateTime: CaptureDateTime
    public var qualityBlocks: [QualityBlock]
    /// The pad the samples were captured on, in pad counts.
    public var geometry: PadGeometry
    /// Pad counts per stored X/Y unit: 1 when the record holds the pad's own counts.
    public var coordinateDivisor: Int

    public init(captureDateTime: CaptureDateTime, qualityBlocks: [QualityBlock], geometry: PadGeometry, coordinateDivisor: Int) {
        self.captureDateTime = captureDateTime
        self.qualityBlocks = qualityBlocks
        self.geometry = geometry
        self.coordinateDivisor = coordinateDivisor
    }

    /// Whether `bytes` start with the tag, i.e. are meant to be this block.
    static func isTagged(_ bytes: [UInt8]) -> Bool { bytes.starts(with: tag) }

    func encode() throws(RecordError) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.write(Self.tag)
        writer.write(Self.blockVersion)
        try captureDateTime.validate()
        captureDateTime.write(to: &writer)
        try QualityBlock.writeList(qualityBlocks, to: &writer)
        writer.write(try FieldWidth.uint32(geometry.width, "pad width"))
        writer.write(try FieldWidth.uint32(geometry.height, "pad height"))
        writer.write(try Self.double(geometry.xCountsPerMillimetre ?? 0, "x counts per millimetre"))
        writer.write(try Self.double(geometry.yCountsPerMillimetre ?? 0, "y counts per millimetre"))
        writer.write(try FieldWidth.uint32(geometry.pressureMaximum, "pressure maximum"))
        writer.write(try Self.double(geometry.samplesPerSecond, "samples per second"))
        let box = geometry.signingBox
        writer.write(UInt8((geometry.tilt ? 1 : 0) | (box != nil ? 2 : 0)))
        if let box {
            for (name, value) in [("x", box.x), ("y", box.y), ("width", box.width), ("height", box.height)] {
                writer.write(try FieldWidth.uint32(value, "signing box \(name)"))
            }
        }
        guard coordinateDivisor >= 1 else {
            throw .valueOutOfRange(field: "coordinate divisor", value: coordinateDivisor, allowed: 1...65535)
        }
        writer.write(try FieldWidth.uint16(coordinateDivisor, "coordinate divisor"))
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(RecordError) -> SignatureCaptureInfo {
        var reader = ByteReader(bytes)
        try reader.expect(magic: tag)
        let version = try reader.readUInt8()
        guard version == blockVersion else {
            throw .invalidField(name: "biocap extended data version", value: "\(version)")
        }
        let date = try CaptureDateTime.read(from: &reader)
        let quality = try QualityBlock.readList(from: &reader)
        let width = Int(try reader.readUInt32()), height = Int(try reader.readUInt32())
        let xResolution = try readDouble(&reader, "x counts per millimetre")
        let yResolution = try readDouble(&reader, "y counts per millimetre")
        let pressureMaximum = Int(try reader.readUInt32())
        let rate = try readDouble(&reader, "samples per second")
        let flags = try reader.readUInt8()
        guard flags & ~3 == 0 else { throw .invalidField(name: "biocap extended data flags", value: "\(flags)") }
        var box: PadBox?
        if flags & 2 != 0 {
            box = PadBox(x: Int(try reader.readUInt32()), y: Int(try reader.readUInt32()),
                         width: Int(try reader.readUInt32()), height: Int(try reader.readUInt32()))
        }
        let divisor = Int(try reader.readUInt16())
        guard divisor >= 1 else { throw .invalidField(name: "coordinate divisor", value: "0") }
        guard reader.isAtEnd else {
            throw .lengthMismatch(field: "biocap extended data", declared: reader.offset, actual: bytes.count)
        }
        guard width >= 1, height >= 1 else { throw .invalidField(name: "pad size", value: "\(width)×\(height)") }
        let geometry = PadGeometry(
            width: width, height: height, xCountsPerMillimetre: xResolution == 0 ? nil : xResolution,
            yCountsPerMillimetre: yResolution == 0 ? nil : yResolution, pressureMaximum: pressureMaximum,
            samplesPerSecond: rate, tilt: flags & 1 != 0, signingBox: box)
        return SignatureCaptureInfo(captureDateTime: date, qualityBlocks: quality, geometry: geometry, coordinateDivisor: divisor)
    }

    private static func double(_ value: Double, _ field: String) throws(RecordError) -> UInt64 {
        guard value.isFinite, value.sign == .plus else { throw .invalidField(name: field, value: "\(value)") }
        return value.bitPattern
    }

    private static func readDouble(_ reader: inout ByteReader, _ field: String) throws(RecordError) -> Double {
        let value = Double(bitPattern: try reader.readUInt64())
        guard value.isFinite, value.sign == .plus else { throw .invalidField(name: field, value: "\(value)") }
        return value
    }
}
