import Foundation

/// Finds executables built alongside the running test binary (`swift build` puts every product in
/// the same directory), so tests can run the real `biocapd`, `biocapctl` and tools.
public enum BuiltProducts {
    /// The build products directory: where the test binary lives.
    public static let directory: URL = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // The XCTest bundle is a directory `*.xctest`; on Linux it is a plain executable, but be safe.
        while url.pathExtension == "xctest" || url.lastPathComponent == "MacOS" || url.lastPathComponent == "Contents" {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The built executable with this name, if it exists: beside the test binary, or in `$BIOCAP_BIN_DIR` when set
    /// (e.g. the AddressSanitizer build `scripts/test-asan` makes).
    public static func executable(_ name: String) -> URL? {
        let base = ProcessInfo.processInfo.environment["BIOCAP_BIN_DIR"].map { URL(fileURLWithPath: $0) } ?? directory
        let url = base.appendingPathComponent(name)
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }
}
