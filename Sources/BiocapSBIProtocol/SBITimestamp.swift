import Foundation

/// SBI timestamps: UTC `yyyy-MM-ddTHH:mm:ssZ`, no fraction (MOSIP's compliance toolkit parses exactly that).
public enum SBITimestamp {
    public static func string(_ date: Date) -> String {
        let components = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(components.year, 4))-\(pad(components.month, 2))-\(pad(components.day, 2))T"
            + "\(pad(components.hour, 2)):\(pad(components.minute, 2)):\(pad(components.second, 2))Z"
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}
