/// Reads the few values the hand-off needs from S3's XML answers (`<UploadId>`, `<Key>`, `<Code>`, …). S3 answers are
/// flat, machine-written documents; a full XML parser buys nothing here, and the five predefined entities are all
/// S3 escapes.
enum S3XML {
    /// The text of every `<name>…</name>` element, in document order, unescaped.
    static func values(of name: String, in text: String) -> [String] {
        var found: [String] = []
        var cursor = text.startIndex
        while let start = text.range(of: "<\(name)>", range: cursor..<text.endIndex),
              let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) {
            found.append(unescape(String(text[start.upperBound..<end.lowerBound])))
            cursor = end.upperBound
        }
        return found
    }

    static func value(of name: String, in text: String) -> String? { values(of: name, in: text).first }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#34;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
