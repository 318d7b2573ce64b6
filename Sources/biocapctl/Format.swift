import Foundation

/// Small formatting helpers for human output.
enum Format {
    /// `42s`, `3m 05s`, `2h 10m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        let whole = Int(seconds)
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m \(String(format: "%02d", whole % 60))s" }
        return "\(whole / 3600)h \(String(format: "%02d", (whole % 3600) / 60))m"
    }

    /// `812 B`, `14.2 KiB`, `3.1 MiB`.
    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1 << 20 { return String(format: "%.1f KiB", Double(count) / 1024) }
        return String(format: "%.1f MiB", Double(count) / Double(1 << 20))
    }

    /// ISO-8601 in UTC, whole seconds.
    static func date(_ date: Date?) -> String {
        guard let date else { return "-" }
        return date.formatted(.iso8601)
    }
}

extension JSONDecoder {
    /// Decodes an API document; a mismatch is reported as an unexpected answer (exit 1).
    func decodeDocument<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(CLIError) -> T {
        do {
            return try decode(T.self, from: Data(bytes))
        } catch {
            throw CLIError(.failed, "unexpected answer from biocapd (not a \(T.self)): \(error)")
        }
    }
}
