/// `GET /v1/captures`.
public struct CaptureList: Codable, Sendable, Hashable {
    public var captures: [CaptureInfo]

    public init(captures: [CaptureInfo]) { self.captures = captures }
}
