import Foundation

/// Locates the shared real data (`../shared` beside the repository, or `$BIOCAP_SHARED`).
public enum TestData {
    /// The `shared/` directory: `$BIOCAP_SHARED` when set, else the sibling of the package root.
    public static let sharedRoot: URL = {
        if let override = ProcessInfo.processInfo.environment["BIOCAP_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }()

    /// The package root (where Package.swift is).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // BiocapTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// A path under `shared/data/`.
    public static func data(_ relative: String) -> URL {
        sharedRoot.appendingPathComponent("data").appendingPathComponent(relative)
    }

    /// A path under `shared/recordings/`.
    public static func recording(_ relative: String) -> URL {
        sharedRoot.appendingPathComponent("recordings").appendingPathComponent(relative)
    }

    /// The bytes of a file under `shared/data/`.
    public static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: data(relative)))
    }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory(_ prefix: String = "biocap-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
