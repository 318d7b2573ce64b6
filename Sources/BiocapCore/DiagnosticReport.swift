/// The result of a device self-test: every check, and whether all passed.
public struct DiagnosticReport: Sendable, Codable, Hashable {
    public var device: DeviceDescriptor
    public var checks: [DiagnosticCheck]

    public var passed: Bool { checks.allSatisfy(\.passed) }

    public init(device: DeviceDescriptor, checks: [DiagnosticCheck]) {
        self.device = device
        self.checks = checks
    }
}
