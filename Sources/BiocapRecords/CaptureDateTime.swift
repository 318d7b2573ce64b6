import Foundation

/// The 9-byte capture date and time of ISO/IEC 19794-1:2011 (year 2, month, day, hour, minute, second 1 each,
/// millisecond 2), always in UTC. A field holding all ones (0xFF / 0xFFFF) means "not given".
public struct CaptureDateTime: Sendable, Hashable {
    public var year: UInt16
    public var month: UInt8
    public var day: UInt8
    public var hour: UInt8
    public var minute: UInt8
    public var second: UInt8
    public var millisecond: UInt16

    /// Size on the wire.
    public static let byteCount = 9

    /// Every field "not given".
    public static let unknown = CaptureDateTime(
        year: 0xFFFF, month: 0xFF, day: 0xFF, hour: 0xFF, minute: 0xFF, second: 0xFF, millisecond: 0xFFFF)

    public init(
        year: UInt16, month: UInt8, day: UInt8, hour: UInt8, minute: UInt8, second: UInt8, millisecond: UInt16
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// The UTC calendar fields of `date`, rounded to the nearest millisecond.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let totalMilliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let wholeSeconds = (totalMilliseconds / 1000).rounded(.down)
        let milliseconds = Int(totalMilliseconds - wholeSeconds * 1000)
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: wholeSeconds))
        self.init(
            year: UInt16(clamping: parts.year ?? 0xFFFF), month: UInt8(clamping: parts.month ?? 0xFF),
            day: UInt8(clamping: parts.day ?? 0xFF), hour: UInt8(clamping: parts.hour ?? 0xFF),
            minute: UInt8(clamping: parts.minute ?? 0xFF), second: UInt8(clamping: parts.second ?? 0xFF),
            millisecond: UInt16(clamping: min(999, max(0, milliseconds))))
    }

    /// The instant, when every field is given and forms a real UTC date; `nil` otherwise.
    public var date: Date? {
        guard year != 0xFFFF, month != 0xFF, day != 0xFF, hour != 0xFF, minute != 0xFF, second != 0xFF else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = DateComponents(
            year: Int(year), month: Int(month), day: Int(day), hour: Int(hour), minute: Int(minute),
            second: Int(second))
        guard let whole = calendar.date(from: parts) else { return nil }
        let fraction = millisecond == 0xFFFF ? 0 : Double(millisecond) / 1000
        return whole.addingTimeInterval(fraction)
    }

    /// Throws unless each field is in range or "not given".
    func validate() throws(RecordError) {
        func check(_ name: String, _ value: Int, _ range: ClosedRange<Int>, unknown: Int) throws(RecordError) {
            guard range.contains(value) || value == unknown else {
                throw .invalidField(name: "capture \(name)", value: "\(value)")
            }
        }
        try check("month", Int(month), 1...12, unknown: 0xFF)
        try check("day", Int(day), 1...31, unknown: 0xFF)
        try check("hour", Int(hour), 0...23, unknown: 0xFF)
        try check("minute", Int(minute), 0...59, unknown: 0xFF)
        try check("second", Int(second), 0...59, unknown: 0xFF)
        try check("millisecond", Int(millisecond), 0...999, unknown: 0xFFFF)
    }

    func write(to writer: inout ByteWriter) {
        writer.write(year)
        writer.write(month)
        writer.write(day)
        writer.write(hour)
        writer.write(minute)
        writer.write(second)
        writer.write(millisecond)
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> CaptureDateTime {
        let value = CaptureDateTime(
            year: try reader.readUInt16(), month: try reader.readUInt8(), day: try reader.readUInt8(),
            hour: try reader.readUInt8(), minute: try reader.readUInt8(), second: try reader.readUInt8(),
            millisecond: try reader.readUInt16())
        try value.validate()
        return value
    }
}
