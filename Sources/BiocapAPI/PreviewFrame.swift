import BiocapCore

/// One part of `GET /v1/devices/{id}/preview`: a JPEG frame in a `multipart/x-mixed-replace` body, with
/// its device frame index and position. The server writes parts with `encoded()`; a client reads them with
/// `MultipartReader` and `init?(part:)`.
public struct PreviewFrame: Sendable, Hashable {
    public static let boundary = "biocapframe"
    public static let contentType = "multipart/x-mixed-replace; boundary=\(boundary)"
    /// Ends the body after the last part.
    public static let closingDelimiter = Array("--\(boundary)--\r\n".utf8)

    /// The device's frame index (gaps mean frames were skipped for a slow reader).
    public var index: Int
    public var position: BiometricPosition
    public var jpeg: [UInt8]

    public init(index: Int, position: BiometricPosition, jpeg: [UInt8]) {
        self.index = index
        self.position = position
        self.jpeg = jpeg
    }

    /// The part as written on the wire: boundary line, headers, blank line, JPEG, CRLF.
    public func encoded() -> [UInt8] {
        let header = "--\(Self.boundary)\r\nContent-Type: image/jpeg\r\nContent-Length: \(jpeg.count)\r\n"
            + "X-Frame-Index: \(index)\r\nX-Position: \(position.name)\r\n\r\n"
        return Array(header.utf8) + jpeg + Array("\r\n".utf8)
    }

    /// A part read back; nil when it is not a JPEG preview part (wrong type, bad index or position).
    public init?(part: MultipartPart) {
        guard part.headers["content-type"]?.lowercased() == "image/jpeg",
              let index = part.headers["x-frame-index"].flatMap({ Int($0) }),
              let position = part.headers["x-position"].flatMap({ BiometricPosition(name: $0) }) else { return nil }
        self.init(index: index, position: position, jpeg: part.body)
    }
}
