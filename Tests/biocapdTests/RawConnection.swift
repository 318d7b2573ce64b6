import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain stream connection to the daemon's Unix socket, for what an HTTP client library will not send:
/// trickled bytes, malformed request lines, connections that never send anything.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    init(socket path: String) throws {
        descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw DaemonError("socket() failed: \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw DaemonError("connect() failed: \(code)")
        }
    }

    /// A TCP connection to 127.0.0.1:`port` (the SBI listener).
    init(tcpPort port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw DaemonError("socket() failed: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw DaemonError("connect() to 127.0.0.1:\(port) failed: \(code)")
        }
    }

    /// A TCP port on 127.0.0.1 nothing listens on right now (the kernel's pick).
    static func freeTCPPort() throws -> Int {
        let probe = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(probe, pointer, length) == 0 && getsockname(probe, pointer, &length) == 0
            }
        }
        guard bound else { throw DaemonError("no free TCP port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends raw bytes; false when the peer has closed the connection.
    @discardableResult
    func send(bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } >= 0
    }

    /// Everything received until the peer closes or `limit` seconds pass, as bytes.
    func receiveBytes(for limit: Double, until done: ([UInt8]) -> Bool = { _ in false }) -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let started = Date()
        while Date().timeIntervalSince(started) < limit {
            if done(received) { return (received, false) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return (received, true) }
            received += buffer.prefix(count)
        }
        return (received, false)
    }

    deinit { close(descriptor) }

    /// Sends `text`; false when the daemon has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } >= 0
    }

    /// Everything received until the daemon closes the connection or `limit` seconds pass; `closed` says which.
    func receive(for limit: Double) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let started = Date()
        while Date().timeIntervalSince(started) < limit {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer.prefix(count)
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// The first response: returns as soon as its head and its `Content-Length` bytes of body have arrived (the
    /// head alone for a HEAD request or a streamed body), or when the daemon closes, or after `limit` seconds.
    func receiveResponse(for limit: Double, headOnly: Bool = false) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let started = Date()
        while Date().timeIntervalSince(started) < limit {
            if let complete = Self.completeResponse(received, headOnly: headOnly) { return (complete, false) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer.prefix(count)
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    private static func completeResponse(_ bytes: [UInt8], headOnly: Bool) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<split.lowerBound].lowercased()
        if headOnly || head.contains("transfer-encoding: chunked") || head.contains("text/event-stream") || head.contains("multipart/") {
            return String(text[..<split.upperBound])
        }
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return nil }
        let headBytes = text[..<split.upperBound].utf8.count
        guard bytes.count >= headBytes + length else { return nil }
        return String(decoding: bytes[..<(headBytes + length)], as: UTF8.self)
    }

    /// The JSON body of a received response (after the blank line, `Content-Length` bytes when given), as an object.
    static func jsonBody(_ response: String) -> [String: Any]? {
        guard let split = response.range(of: "\r\n\r\n") else { return nil }
        var body = Data(response[split.upperBound...].utf8)
        let head = response[..<split.lowerBound].lowercased()
        if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
           let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)), length <= body.count {
            body = body.prefix(length)
        }
        return try? JSONSerialization.jsonObject(with: body) as? [String: Any]
    }

    static func errorCode(_ response: String) -> String? {
        (jsonBody(response)?["error"] as? [String: Any])?["code"] as? String
    }
}
