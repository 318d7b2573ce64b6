import BiocapCore

/// `POST /v1/devices/{id}/selftest`: whether every check passed, and the checks.
public struct SelfTestResult: Codable, Sendable, Hashable {
    public var passed: Bool
    public var report: DiagnosticReport

    public init(report: DiagnosticReport) {
        passed = report.passed
        self.report = report
    }
}
