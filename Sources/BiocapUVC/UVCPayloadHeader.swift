import BiocapCore
import BiocapDeviceKit

/// The header at the start of every UVC payload (UVC 1.5 §2.4.3.3).
public struct UVCPayloadHeader: Sendable, Hashable {
    public var length: Int
    public var flags: UInt8
    /// Presentation time stamp (device clock), when bit 2 is set.
    public var presentationTime: UInt32?
    /// Source clock reference: 32-bit source time and 11-bit SOF counter, when bit 3 is set.
    public var sourceClock: (time: UInt32, sof: UInt16)? {
        get { sourceClockTime.map { ($0, sourceClockSOF) } }
        set {
            sourceClockTime = newValue?.time
            sourceClockSOF = newValue?.sof ?? 0
        }
    }
    private var sourceClockTime: UInt32?
    private var sourceClockSOF: UInt16 = 0

    public static let frameIDBit: UInt8 = 0x01
    public static let endOfFrameBit: UInt8 = 0x02
    public static let presentationTimeBit: UInt8 = 0x04
    public static let sourceClockBit: UInt8 = 0x08
    /// STI: the payload belongs to a still image (method 2).
    public static let stillImageBit: UInt8 = 0x20
    public static let errorBit: UInt8 = 0x40
    public static let endOfHeaderBit: UInt8 = 0x80

    public var frameID: UInt8 { flags & Self.frameIDBit }
    public var endOfFrame: Bool { flags & Self.endOfFrameBit != 0 }
    public var error: Bool { flags & Self.errorBit != 0 }
    public var stillImage: Bool { flags & Self.stillImageBit != 0 }

    /// Parses the header of `payload`; `nil` when bHeaderLength is below 2, beyond the payload, or
    /// too short for the PTS/SCR fields its flags announce.
    public init?(_ payload: UnsafeRawBufferPointer) {
        guard payload.count >= 2 else { return nil }
        let length = Int(payload[0])
        guard length >= 2, length <= payload.count else { return nil }
        self.length = length
        flags = payload[1]
        var offset = 2
        func u32(_ at: Int) -> UInt32 { payload.integer(at: payload.startIndex + at, .littleEndian) ?? 0 }
        if flags & Self.presentationTimeBit != 0 {
            guard offset + 4 <= length else { return nil }
            presentationTime = u32(offset)
            offset += 4
        }
        if flags & Self.sourceClockBit != 0 {
            guard offset + 6 <= length else { return nil }
            sourceClockTime = u32(offset)
            sourceClockSOF = (payload.integer(UInt16.self, at: payload.startIndex + offset + 4, .littleEndian) ?? 0) & 0x7ff
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.length == rhs.length && lhs.flags == rhs.flags && lhs.presentationTime == rhs.presentationTime
            && lhs.sourceClockTime == rhs.sourceClockTime && lhs.sourceClockSOF == rhs.sourceClockSOF
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(length)
        hasher.combine(flags)
        hasher.combine(presentationTime)
    }
}
