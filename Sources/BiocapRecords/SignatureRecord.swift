/// An ISO/IEC 19794-7:2007 signature/sign time series record, full format (`SDI\0`, version `" 10\0"`).
///
/// Layout, big-endian (sources for each fact: `docs/signature-records.md`):
///
///     format identifier     4  "SDI\0"
///     version               4  " 10\0"                  (2007 edition; "020\0" is the 2014 edition, refused)
///     channel inclusion     2  bit 15 X, 14 Y, 13 Z, 12 VX, 11 VY, 10 AX, 9 AY, 8 T, 7 DT, 6 F, 5 S,
///                              4 TX, 3 TY, 2 Az, 1 El, 0 R; X and Y are mandatory
///     channel descriptions  n  one `SignatureChannelDescription` per included channel, in that order
///     reserved              1  0x00
///     body bit map          1  0x80 when extended data follows, else 0x00
///     number of samples     3
///     samples               n  per sample the included channels in order: 2 bytes each, S 1 byte;
///                              signed channels (X, Y, VX, VY, AX, AY, TX, TY) offset by 32768
///     extended data         2 + n  length, then the bytes (only when the bit map says so)
///
/// The 2007 format has no record length field: the record ends where its bytes end. There is no representation
/// header (no capture date, device or quality fields); biocap carries those in tagged extended data
/// (`SignatureCaptureInfo`).
public struct SignatureRecord: Sendable, Hashable {
    public static let formatIdentifier: [UInt8] = Array("SDI\0".utf8)
    /// The largest number of samples the 3-byte count can hold.
    public static let maximumSampleCount = 0xFF_FFFF

    /// The edition this record follows: always the 2007 edition, the only one read and written here.
    public var edition: SignatureRecordEdition { .iso2007 }

    /// The included channels' descriptions, in channel order (X first); X and Y are always included.
    public var channels: [SignatureChannelDescription]
    /// The sample points: `samples[i][j]` is the value of `channels[j]` in sample `i`, in stored units
    /// (signed channels as signed numbers).
    public var samples: [[Int]]
    /// The extended data, or nil when the record has none. biocap's own is a `SignatureCaptureInfo` block.
    public var extendedData: [UInt8]?

    public init(channels: [SignatureChannelDescription], samples: [[Int]], extendedData: [UInt8]? = nil) {
        self.channels = channels
        self.samples = samples
        self.extendedData = extendedData
    }

    /// The description of `channel`, when it is included.
    public func description(of channel: SignatureChannel) -> SignatureChannelDescription? {
        channels.first { $0.channel == channel }
    }

    /// The values of `channel` across the samples, when it is included.
    public func values(of channel: SignatureChannel) -> [Int]? {
        guard let index = channels.firstIndex(where: { $0.channel == channel }) else { return nil }
        return samples.map { $0[index] }
    }

    /// biocap's capture information from the extended data; nil when the extended data is absent or not biocap's.
    public var captureInfo: SignatureCaptureInfo? {
        guard let extendedData, SignatureCaptureInfo.isTagged(extendedData) else { return nil }
        return try? SignatureCaptureInfo.decode(extendedData)
    }

    /// The channel inclusion field.
    public var channelInclusion: UInt16 { channels.reduce(0) { $0 | $1.channel.inclusionBit } }

    /// The record bytes; throws when a value does not fit its field or the channels break the standard's rules.
    public func encode() throws(RecordError) -> [UInt8] {
        try Self.checkChannels(channels.map(\.channel))
        guard samples.count <= Self.maximumSampleCount else {
            throw .valueOutOfRange(field: "number of samples", value: samples.count, allowed: 0...Self.maximumSampleCount)
        }
        let sampleSize = channels.reduce(0) { $0 + $1.channel.sampleByteCount }
        var writer = ByteWriter(capacity: 16 + channels.count * 11 + samples.count * sampleSize + (extendedData?.count ?? 0))
        writer.write(Self.formatIdentifier)
        writer.write(SignatureRecordEdition.iso2007.version)
        writer.write(channelInclusion)
        for description in channels { try description.write(to: &writer) }
        writer.write(UInt8(0))
        writer.write(UInt8(extendedData == nil ? 0 : 0x80))
        writer.writeUInt24(UInt32(samples.count))
        for (index, sample) in samples.enumerated() {
            guard sample.count == channels.count else {
                throw .invalidField(name: "sample \(index)", value: "\(sample.count) values for \(channels.count) channels")
            }
            for (value, description) in zip(sample, channels) {
                let channel = description.channel
                guard channel.sampleRange.contains(value) else {
                    throw .valueOutOfRange(field: "\(channel) of sample \(index)", value: value, allowed: channel.sampleRange)
                }
                if channel.sampleByteCount == 1 {
                    writer.write(UInt8(value))
                } else {
                    writer.write(channel.wire16(value))
                }
            }
        }
        if let extendedData {
            if SignatureCaptureInfo.isTagged(extendedData) { _ = try SignatureCaptureInfo.decode(extendedData) }
            writer.write(try FieldWidth.uint16(extendedData.count, "extended data length"))
            writer.write(extendedData)
        }
        return writer.bytes
    }

    /// Parses and validates a record. A 2014-edition record (version `"020\0"`) is `RecordError.unsupported`.
    public static func decode(_ bytes: [UInt8]) throws(RecordError) -> SignatureRecord {
        var reader = ByteReader(bytes)
        try reader.expect(magic: formatIdentifier)
        let version = try reader.readBytes(4)
        switch SignatureRecordEdition(version: version) {
        case .iso2007: break
        case .iso2014:
            throw .unsupported("an ISO/IEC 19794-7:2014 record (version \"020\"); only the 2007 edition (version \" 10\") is read")
        case nil:
            throw .badVersion(expected: SignatureRecordEdition.iso2007.version, found: version)
        }
        let inclusion = try reader.readUInt16()
        let included = SignatureChannel.allCases.filter { inclusion & $0.inclusionBit != 0 }
        try checkChannels(included)
        var channels: [SignatureChannelDescription] = []
        for channel in included { channels.append(try SignatureChannelDescription.read(channel, from: &reader)) }
        let reserved = try reader.readUInt8()
        guard reserved == 0 else { throw .invalidField(name: "reserved header byte", value: "\(reserved)") }
        let bitMap = try reader.readUInt8()
        guard bitMap == 0 || bitMap == 0x80 else { throw .invalidField(name: "body bit map", value: "\(bitMap)") }
        let count = Int(try reader.readUInt24())
        let sampleSize = included.reduce(0) { $0 + $1.sampleByteCount }
        guard count * sampleSize <= reader.remaining else {
            throw .lengthMismatch(field: "\(count) samples of \(sampleSize) bytes", declared: count * sampleSize, actual: reader.remaining)
        }
        var samples: [[Int]] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            var sample: [Int] = []
            sample.reserveCapacity(included.count)
            for channel in included {
                if channel.sampleByteCount == 1 {
                    sample.append(Int(try reader.readUInt8()))
                } else {
                    sample.append(channel.value(wire16: try reader.readUInt16()))
                }
            }
            samples.append(sample)
        }
        var extendedData: [UInt8]?
        if bitMap == 0x80 {
            let length = Int(try reader.readUInt16())
            let data = try reader.readBytes(length)
            if SignatureCaptureInfo.isTagged(data) { _ = try SignatureCaptureInfo.decode(data) }
            extendedData = data
        }
        guard reader.isAtEnd else {
            throw .lengthMismatch(field: "signature record (bytes after the last field)", declared: reader.offset, actual: bytes.count)
        }
        return SignatureRecord(channels: channels, samples: samples, extendedData: extendedData)
    }

    /// Channels must be in order, distinct, and include X and Y (Annex B: `x-included (TRUE), y-included (TRUE)`).
    private static func checkChannels(_ channels: [SignatureChannel]) throws(RecordError) {
        guard channels.first == .x, channels.dropFirst().first == .y else {
            throw .invalidField(name: "channel inclusion", value: "\(channels) (X and Y are mandatory)")
        }
        guard zip(channels, channels.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidField(name: "channel order", value: "\(channels) (each channel once, in inclusion-field order)")
        }
    }
}
