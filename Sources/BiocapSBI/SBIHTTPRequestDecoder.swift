import Foundation
import NIOCore

/// Frames HTTP/1.1 requests on the SBI port itself. NIO's HTTP decoder (llhttp) refuses methods it does not know
/// with a bare 400, and SBI's verbs (`MOSIPDISC`, `MOSIPDINFO`, `RCAPTURE`, `STREAM`) are such methods, so the SBI
/// listener reads request lines, headers and bodies (`Content-Length` or chunked) here. Pipelined requests come out
/// one by one; a request split across packets waits for the rest. The first framing error is reported once
/// (`SBIInbound.malformed`) and everything after it is discarded: the connection is answered and closed.
struct SBIHTTPRequestDecoder: ByteToMessageDecoder {
    typealias InboundOut = SBIInbound

    /// Request line and headers together; longer heads are refused (431).
    static let maximumHeadBytes = 16 * 1024
    /// Largest body accepted (413): an SBI request is a few hundred bytes of JSON.
    static let maximumBodyBytes = 1 << 20
    static let maximumHeaders = 100

    private var failed = false

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if failed {
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return .needMoreData
        }
        // Blank lines before a request line are ignored (RFC 9112 §2.2).
        while buffer.readableBytes >= 2, buffer.readableBytesView.starts(with: [0x0D, 0x0A]) {
            buffer.moveReaderIndex(forwardBy: 2)
        }
        switch Self.parse(buffer.readableBytesView) {
        case .incomplete:
            return .needMoreData
        case .failure(let status, let reason):
            failed = true
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            context.fireChannelRead(wrapInboundOut(.malformed(status: status, reason: reason)))
            return .continue
        case .request(let request, let consumed):
            buffer.moveReaderIndex(forwardBy: consumed)
            context.fireChannelRead(wrapInboundOut(.request(request)))
            return .continue
        }
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A request cut off by the end of the stream is dropped: there is nobody left to answer.
        let state = try decode(context: context, buffer: &buffer)
        if state == .needMoreData { buffer.moveReaderIndex(forwardBy: buffer.readableBytes) }
        return .needMoreData
    }

    enum Parse: Equatable {
        case incomplete
        case failure(status: Int, reason: String)
        case request(SBIHTTPRequest, consumed: Int)
    }

    /// Parses one request from the start of `bytes`.
    static func parse(_ bytes: ByteBufferView) -> Parse {
        let data = Array(bytes)
        guard let headEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: data, from: 0, limit: maximumHeadBytes + 4) else {
            return data.count > maximumHeadBytes ? .failure(status: 431, reason: "request head larger than \(maximumHeadBytes) bytes") : .incomplete
        }
        let lines = split(Array(data[0..<headEnd]))
        guard let requestLine = lines.first else { return .failure(status: 400, reason: "empty request line") }
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte), !parts[1].isEmpty,
              parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(status: 400, reason: "malformed request line")
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .failure(status: 505, reason: "unsupported HTTP version '\(version.prefix(16))'")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard headers.count < maximumHeaders else { return .failure(status: 431, reason: "more than \(maximumHeaders) headers") }
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex, line[line.startIndex..<colon].allSatisfy(isTokenByte) else {
                return .failure(status: 400, reason: "malformed header line")
            }
            guard line.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                return .failure(status: 400, reason: "control character in a header")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        let bodyStart = headEnd + 4
        let request = SBIHTTPRequest(method: String(decoding: parts[0], as: UTF8.self),
                                     target: String(decoding: parts[1], as: UTF8.self), version: version,
                                     headers: headers, body: [])
        let transferEncoding = request.header("Transfer-Encoding")?.lowercased()
        let lengths = headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        if let transferEncoding {
            // Both framings at once is a request-smuggling shape: refused.
            guard lengths.isEmpty else { return .failure(status: 400, reason: "both Transfer-Encoding and Content-Length") }
            guard transferEncoding == "chunked" else {
                return .failure(status: 501, reason: "unsupported Transfer-Encoding '\(transferEncoding.prefix(32))'")
            }
            return chunkedBody(data, from: bodyStart, request: request)
        }
        guard Set(lengths).count <= 1 else { return .failure(status: 400, reason: "conflicting Content-Length headers") }
        var length = 0
        if let text = lengths.first {
            guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text) else {
                return .failure(status: 400, reason: "invalid Content-Length")
            }
            length = value
        }
        guard length <= maximumBodyBytes else { return .failure(status: 413, reason: "body larger than \(maximumBodyBytes) bytes") }
        guard data.count >= bodyStart + length else { return .incomplete }
        var complete = request
        complete.body = Array(data[bodyStart..<(bodyStart + length)])
        return .request(complete, consumed: bodyStart + length)
    }

    private static func chunkedBody(_ data: [UInt8], from start: Int, request: SBIHTTPRequest) -> Parse {
        var body: [UInt8] = []
        var index = start
        while true {
            guard let lineEnd = find([0x0D, 0x0A], in: data, from: index, limit: 1024) else {
                return data.count - index > 1024 ? .failure(status: 400, reason: "malformed chunk size") : .incomplete
            }
            let sizeText = String(decoding: data[index..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                return .failure(status: 400, reason: "malformed chunk size")
            }
            index = lineEnd + 2
            if size == 0 {
                // Trailers, up to the empty line; ignored.
                while true {
                    guard let end = find([0x0D, 0x0A], in: data, from: index, limit: maximumHeadBytes) else { return .incomplete }
                    let empty = end == index
                    index = end + 2
                    if empty { break }
                }
                var complete = request
                complete.body = body
                return .request(complete, consumed: index)
            }
            guard body.count + size <= maximumBodyBytes else { return .failure(status: 413, reason: "body larger than \(maximumBodyBytes) bytes") }
            guard data.count >= index + size + 2 else { return .incomplete }
            guard data[index + size] == 0x0D, data[index + size + 1] == 0x0A else {
                return .failure(status: 400, reason: "chunk not followed by CRLF")
            }
            body += data[index..<(index + size)]
            index += size + 2
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// Lines of a head (CRLF separated).
    private static func split(_ head: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while let end = find([0x0D, 0x0A], in: head, from: start, limit: head.count) {
            lines.append(head[start..<end])
            start = end + 2
        }
        lines.append(head[start...])
        return lines
    }

    /// The index of `pattern` in `data` at or after `from`, looking at most `limit` bytes past `from`.
    private static func find(_ pattern: [UInt8], in data: [UInt8], from: Int, limit: Int) -> Int? {
        let last = min(data.count - pattern.count, from + limit)
        guard from <= last else { return nil }
        var index = from
        while index <= last {
            if data[index] == pattern[0] {
                var match = true
                for offset in 1..<pattern.count where data[index + offset] != pattern[offset] {
                    match = false
                    break
                }
                if match { return index }
            }
            index += 1
        }
        return nil
    }
}
