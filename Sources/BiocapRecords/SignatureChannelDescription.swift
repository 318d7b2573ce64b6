/// The description of one included channel in an ISO/IEC 19794-7:2007 record header.
///
/// Layout: a 1-byte preamble whose bits say which fields follow (7 scaling value, 6 minimum, 5 maximum, 4 mean,
/// 3 standard deviation, 2 is-constant, 1 linear component removed, 0 reserved and zero), then the fields present,
/// 2 bytes each, in that order (Annex B `Preamble` and `SignedChannelAttributes`/`UnsignedChannelAttributes`).
/// Minimum, maximum and mean are stored like the channel's sample values (offset by 32768 for signed channels);
/// the standard deviation is unsigned.
public struct SignatureChannelDescription: Sendable, Hashable {
    public var channel: SignatureChannel
    public var scaling: SignatureScalingValue?
    public var minimum: Int?
    public var maximum: Int?
    public var mean: Int?
    public var standardDeviation: Int?
    /// Every value of the channel is the same. Records with this flag are declined (`RecordError.unsupported`):
    /// public sources disagree on whether such a channel still appears in the sample points.
    public var isConstant: Bool
    /// The channel's linear component was removed before storing (carried, not interpreted).
    public var linearComponentRemoved: Bool

    public init(channel: SignatureChannel, scaling: SignatureScalingValue? = nil, minimum: Int? = nil, maximum: Int? = nil,
                mean: Int? = nil, standardDeviation: Int? = nil, isConstant: Bool = false, linearComponentRemoved: Bool = false) {
        self.channel = channel
        self.scaling = scaling
        self.minimum = minimum
        self.maximum = maximum
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.isConstant = isConstant
        self.linearComponentRemoved = linearComponentRemoved
    }

    static let scalingBit: UInt8 = 0x80, minimumBit: UInt8 = 0x40, maximumBit: UInt8 = 0x20, meanBit: UInt8 = 0x10
    static let deviationBit: UInt8 = 0x08, constantBit: UInt8 = 0x04, linearBit: UInt8 = 0x02, reservedBit: UInt8 = 0x01

    /// The preamble byte for the fields present.
    public var preamble: UInt8 {
        var bits: UInt8 = 0
        if scaling != nil { bits |= Self.scalingBit }
        if minimum != nil { bits |= Self.minimumBit }
        if maximum != nil { bits |= Self.maximumBit }
        if mean != nil { bits |= Self.meanBit }
        if standardDeviation != nil { bits |= Self.deviationBit }
        if isConstant { bits |= Self.constantBit }
        if linearComponentRemoved { bits |= Self.linearBit }
        return bits
    }

    /// Bytes on the wire.
    public var byteCount: Int { 1 + 2 * [scaling != nil, minimum != nil, maximum != nil, mean != nil, standardDeviation != nil].filter { $0 }.count }

    func validate() throws(RecordError) {
        if isConstant {
            throw .unsupported("constant \(channel) channel (the is-constant flag of a channel description)")
        }
        for (name, value) in [("minimum", minimum), ("maximum", maximum), ("mean", mean)] {
            if let value, !channel.descriptionRange.contains(value) {
                throw .valueOutOfRange(field: "\(channel) channel \(name)", value: value,
                                       allowed: channel.descriptionRange)
            }
        }
        if let standardDeviation, !(0...65535).contains(standardDeviation) {
            throw .valueOutOfRange(field: "\(channel) channel standard deviation", value: standardDeviation, allowed: 0...65535)
        }
    }

    func write(to writer: inout ByteWriter) throws(RecordError) {
        try validate()
        writer.write(preamble)
        if let scaling { writer.write(scaling.rawValue) }
        for value in [minimum, maximum, mean].compactMap({ $0 }) { writer.write(channel.wire16(value)) }
        if let standardDeviation { writer.write(UInt16(standardDeviation)) }
    }

    static func read(_ channel: SignatureChannel, from reader: inout ByteReader) throws(RecordError) -> SignatureChannelDescription {
        let preamble = try reader.readUInt8()
        guard preamble & reservedBit == 0 else {
            throw .invalidField(name: "\(channel) channel description preamble", value: "0x" + String(preamble, radix: 16) + " (reserved bit set)")
        }
        var description = SignatureChannelDescription(
            channel: channel, isConstant: preamble & constantBit != 0, linearComponentRemoved: preamble & linearBit != 0)
        if preamble & scalingBit != 0 { description.scaling = SignatureScalingValue(rawValue: try reader.readUInt16()) }
        if preamble & minimumBit != 0 { description.minimum = channel.value(wire16: try reader.readUInt16()) }
        if preamble & maximumBit != 0 { description.maximum = channel.value(wire16: try reader.readUInt16()) }
        if preamble & meanBit != 0 { description.mean = channel.value(wire16: try reader.readUInt16()) }
        if preamble & deviationBit != 0 { description.standardDeviation = Int(try reader.readUInt16()) }
        try description.validate()
        return description
    }
}
