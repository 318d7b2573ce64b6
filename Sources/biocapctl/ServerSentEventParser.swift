

/// One Server-Sent Event: its `event:` name (`message` when absent) and its joined `data:` lines.
struct ServerSentEvent: Sendable, Equatable {
    var name: String
    var data: String
}

/// Splits a `text/event-stream` into events as bytes arrive, in chunks of any size.
/// Comments (`:` lines) and unknown fields are skipped; CRLF and LF line ends are both accepted.
struct ServerSentEventParser {
    private var pending: [UInt8] = []
    private var name = ""
    private var dataLines: [String] = []

    /// Feeds the next chunk and returns the events it completed.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        pending.append(contentsOf: bytes)
        var events: [ServerSentEvent] = []
        var lineStart = 0
        while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            var lineEnd = newline
            if lineEnd > lineStart, pending[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = String(decoding: pending[lineStart..<lineEnd], as: UTF8.self)
            lineStart = newline + 1
            if let event = take(line) { events.append(event) }
        }
        pending.removeFirst(lineStart)
        return events
    }

    private mutating func take(_ line: String) -> ServerSentEvent? {
        if line.isEmpty {
            defer { name = ""; dataLines = [] }
            guard !dataLines.isEmpty || !name.isEmpty else { return nil }
            return ServerSentEvent(name: name.isEmpty ? "message" : name, data: dataLines.joined(separator: "\n"))
        }
        if line.hasPrefix(":") { return nil }
        let field: Substring, value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            let rest = line[line.index(after: colon)...]
            value = rest.hasPrefix(" ") ? rest.dropFirst() : rest
        } else {
            field = line[...]
            value = ""
        }
        switch field {
        case "event": name = String(value)
        case "data": dataLines.append(String(value))
        default: break
        }
        return nil
    }
}
