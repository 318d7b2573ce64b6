import Foundation

/// An answer on the SBI port, serialised by hand like the requests are framed. Every answer carries SBI's headers
/// (`Cache-Control: no-store`, `Location`) and the CORS headers browser-based clients need.
struct SBIHTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    static func json(_ body: [UInt8], status: Int = 200) -> SBIHTTPResponse {
        SBIHTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    /// The head and body as sent; `Content-Length` unless `streaming` (the stream's parts follow and the connection
    /// closes at its end).
    func serialized(port: Int, keepAlive: Bool, streaming: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Cache-Control: no-store\r\n"
        head += "Location: http://127.0.0.1:\(port)\r\n"
        head += SBICORS.responseHeaders.map { "\($0.0): \($0.1)\r\n" }.joined()
        head += "Server: biocapd-sbi\r\n"
        head += "Date: \(Self.httpDate(Date()))\r\n"
        if !streaming { head += "Content-Length: \(body.count)\r\n" }
        head += (keepAlive && !streaming) ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        head += "\r\n"
        return Array(head.utf8) + body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 405: "Method Not Allowed"
        case 413: "Content Too Large"
        case 431: "Request Header Fields Too Large"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }

    private static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
