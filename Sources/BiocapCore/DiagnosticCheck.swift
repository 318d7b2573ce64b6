/// One step of a device self-test.
public struct DiagnosticCheck: Sendable, Codable, Hashable {
    public var name: String
    public var passed: Bool
    public var detail: String

    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}
