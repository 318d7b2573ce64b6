import Foundation

/// A calendar date as the standard writes it, `YYYYMMDD` (Annex B.1.2), checked to be a real date.
public struct NISTDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Throws unless the three form a calendar date (years 1900–9999).
    public init(year: Int, month: Int, day: Int) throws(RecordError) {
        guard (1900...9999).contains(year), (1...12).contains(month),
              (1...Self.days(inMonth: month, of: year)).contains(day) else {
            throw .invalidField(name: "date", value: "\(year)-\(month)-\(day) is not a calendar date")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC calendar date of `date`.
    public init(_ date: Date) {
        let parts = Self.utcCalendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year ?? 1970
        self.month = parts.month ?? 1
        self.day = parts.day ?? 1
    }

    /// Parses `YYYYMMDD`.
    public init(text: String, field: String) throws(RecordError) {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .invalidField(name: field, value: "'\(text)' is not YYYYMMDD")
        }
        func value(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        do {
            try self.init(year: value(0..<4), month: value(4..<6), day: value(6..<8))
        } catch {
            throw .invalidField(name: field, value: "'\(text)' is not a calendar date")
        }
    }

    /// `YYYYMMDD`.
    public var description: String {
        Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// `YYYYMMDDHHMMSSZ` (Annex B.1.4), UTC, whole seconds.
    public static func gmt(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return pad(parts.year ?? 1970, 4) + pad(parts.month ?? 1, 2) + pad(parts.day ?? 1, 2) + pad(parts.hour ?? 0, 2)
            + pad(parts.minute ?? 0, 2) + pad(parts.second ?? 0, 2) + "Z"
    }

    /// Parses `YYYYMMDDHHMMSSZ`.
    public static func gmt(text: String, field: String) throws(RecordError) -> Date {
        let bytes = Array(text.utf8)
        guard bytes.count == 15, bytes[14] == 0x5A, bytes[0..<14].allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .invalidField(name: field, value: "'\(text)' is not YYYYMMDDHHMMSSZ")
        }
        let day = try NISTDate(text: String(decoding: bytes[0..<8], as: UTF8.self), field: field)
        func value(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let hour = value(8..<10), minute = value(10..<12), second = value(12..<14)
        guard hour <= 23, minute <= 59, second <= 59,
              let date = utcCalendar.date(from: DateComponents(
                year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)) else {
            throw .invalidField(name: field, value: "'\(text)' is not a time of day")
        }
        return date
    }
}
