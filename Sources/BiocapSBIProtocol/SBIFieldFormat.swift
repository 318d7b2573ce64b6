import Foundation

/// The exact text formats SBI 0.9.5 and MOSIP's schemas demand of some fields.
public enum SBIFieldFormat {
    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC with no fraction, naming a real date and time (MOSIP's toolkit parses exactly that).
    public static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let pattern = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        guard bytes.count == pattern.count else { return false }
        for (byte, expected) in zip(bytes, pattern) {
            if expected == UInt8(ascii: "d") ? !(0x30...0x39).contains(byte) : byte != expected { return false }
        }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        var components = DateComponents()
        components.year = number(0..<4)
        components.month = number(5..<7)
        components.day = number(8..<10)
        components.hour = number(11..<13)
        components.minute = number(14..<16)
        components.second = number(17..<19)
        guard (1...12).contains(components.month ?? 0), (0...23).contains(components.hour ?? 0),
              (0...59).contains(components.minute ?? 0), (0...59).contains(components.second ?? 0) else { return false }
        // A day past the month's end (2026-02-30) fails the round trip.
        guard let date = Calendar.utc.date(from: components) else { return false }
        return SBITimestamp.string(date) == text
    }

    /// A score as MOSIP's schema wants it, `^(100(\.0+)?|\d{1,2}(\.\d+)?|0(\.[0-9]+)?)$`: 0–100, at most two integer
    /// digits below 100, an optional fraction.
    public static func isScore(_ text: String) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts[0], fraction = parts.count == 2 ? parts[1] : nil
        func digits(_ part: Substring) -> Bool { !part.isEmpty && part.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        if let fraction, !digits(fraction) { return false }
        if integer == "100" { return fraction.map { $0.allSatisfy { $0 == "0" } } ?? true }
        return digits(integer) && integer.utf8.count <= 2
    }
}
