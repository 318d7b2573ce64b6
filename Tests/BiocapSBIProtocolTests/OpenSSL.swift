import BiocapTestSupport
import Foundation
import Testing

/// The `openssl` command, the independent check of keys, certificates and signatures.
enum OpenSSL {
    static let path = ExternalTool.path("openssl")

    /// Whether the tests that need openssl run: always on CI (where a missing openssl must fail them), else when
    /// it is installed.
    static var enabled: Bool { path != nil || ExternalTool.required }

    /// Runs `openssl arguments` (paths absolute); its status and combined output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ExternalTool.run(path ?? "/usr/bin/openssl", arguments)
    }

    /// Runs `openssl arguments` and fails the test unless it exits 0.
    @discardableResult
    static func succeed(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.output)", sourceLocation: sourceLocation)
        return result.output
    }
}
