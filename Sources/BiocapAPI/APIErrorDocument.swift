/// The body of every error answer: `{"error": {"code": "device-busy", "message": "…"}}`. `code` is
/// stable (clients branch on it); `message` is for people and may change.
public struct APIErrorDocument: Codable, Sendable, Hashable {
    public struct Detail: Codable, Sendable, Hashable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Detail

    public init(code: String, message: String) {
        error = Detail(code: code, message: message)
    }
}
