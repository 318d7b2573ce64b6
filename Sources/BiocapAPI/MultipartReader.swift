/// One part of a `multipart/x-mixed-replace` stream: its headers (names lower-cased) and its body.
public struct MultipartPart: Sendable, Hashable {
    public var headers: [String: String]
    public var body: [UInt8]

    public init(headers: [String: String], body: [UInt8]) {
        self.headers = headers
        self.body = body
    }
}

/// Splits a `multipart/x-mixed-replace` (or `multipart/mixed`) stream into parts as bytes arrive.
/// A part with `Content-Length` is read by length (JPEG data may contain anything); one without is
/// ended by the next boundary line.
public struct MultipartReader {
    public enum Failure: Error, CustomStringConvertible {
        case malformedHeader(String)
        public var description: String {
            switch self {
            case .malformedHeader(let line): "malformed multipart header line '\(line)'"
            }
        }
    }

    private let delimiter: [UInt8]
    private var buffer: [UInt8] = []
    public private(set) var finished = false

    public init(boundary: String) {
        delimiter = Array("--\(boundary)".utf8)
    }

    /// The boundary parameter of a `Content-Type` header value, if any.
    public static func boundary(fromContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmed(of: " \t\"") }
            if pair.count == 2, pair[0].lowercased() == "boundary", !pair[1].isEmpty { return pair[1] }
        }
        return nil
    }

    /// Feeds the next chunk and returns the parts it completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [MultipartPart] {
        buffer.append(contentsOf: bytes)
        var parts: [MultipartPart] = []
        while !finished, let part = try nextPart() { parts.append(part) }
        return parts
    }

    /// Takes one complete part off the front of the buffer; `nil` when more bytes are needed.
    private mutating func nextPart() throws -> MultipartPart? {
        guard let start = find(delimiter, from: 0) else { return nil }
        let afterDelimiter = start + delimiter.count
        guard buffer.count >= afterDelimiter + 2 else { return nil }
        if buffer[afterDelimiter] == UInt8(ascii: "-"), buffer[afterDelimiter + 1] == UInt8(ascii: "-") {
            finished = true
            buffer.removeAll()
            return nil
        }
        guard let headerEnd = find(Array("\r\n\r\n".utf8), from: afterDelimiter) else { return nil }
        let headers = try Self.parseHeaders(buffer[afterDelimiter..<headerEnd])
        let bodyStart = headerEnd + 4
        let bodyEnd: Int
        let consumed: Int
        if let length = headers["content-length"].flatMap({ Int($0) }), length >= 0 {
            guard buffer.count >= bodyStart + length else { return nil }
            bodyEnd = bodyStart + length
            consumed = bodyEnd
        } else {
            guard let next = find(Array("\r\n".utf8) + delimiter, from: bodyStart) else { return nil }
            bodyEnd = next
            consumed = next + 2
        }
        let part = MultipartPart(headers: headers, body: Array(buffer[bodyStart..<bodyEnd]))
        buffer.removeFirst(consumed)
        return part
    }

    private static func parseHeaders(_ bytes: ArraySlice<UInt8>) throws -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\r\n") {
            let trimmed = line.trimmed(of: " \t")
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else { throw Failure.malformedHeader(String(trimmed)) }
            headers[trimmed[..<colon].lowercased()] = trimmed[trimmed.index(after: colon)...].trimmed(of: " \t")
        }
        return headers
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, buffer.count >= needle.count, start <= buffer.count - needle.count else { return nil }
        var index = start
        while index <= buffer.count - needle.count {
            if buffer[index] == needle[0], buffer[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing characters from `set` (no Foundation needed).
    fileprivate func trimmed(of set: String) -> String {
        let drop: (Character) -> Bool = { set.contains($0) }
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }
}
