import Foundation

/// The independent format implementations the format tests check biocap against, in the Python environment
/// `scripts/install-format-tools` makes (`$BIOCAP_FORMAT_PYTHON`, else `.build/format-tools-venv`): NIST's NBIS WSQ
/// codec (PyPI `wsq`, a Pillow plugin), IDEMIA's ANSI/NIST-ITL parser (`nistitl`) and a JPEG 2000 reader (`glymur`).
///
/// Missing, a check skips on a developer machine and fails on CI (`CI=true`), like `ExternalTool`.
public enum FormatTools {
    /// The environment's python, or nil when it is not installed.
    public static let python: String? = {
        if let path = ProcessInfo.processInfo.environment["BIOCAP_FORMAT_PYTHON"],
           FileManager.default.isExecutableFile(atPath: path) { return path }
        let local = TestData.packageRoot.appendingPathComponent(".build/format-tools-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }()

    /// Why the tools are missing, for a skip or a failure message.
    public static let missingReason = "the format tools are not installed (scripts/install-format-tools)"

    /// Runs a Python `script` with `arguments` (as `sys.argv[1...]`) in the format tools' environment; its exit status
    /// and standard output (standard error is appended, so a failure's traceback shows in the message).
    public static func run(script: String, arguments: [String] = [], timeout: Double = 120) throws -> (status: Int32, output: String) {
        guard let python else { return (-1, missingReason) }
        let directory = try TestData.temporaryDirectory("format-tools")
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("check.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        return try ExternalTool.run("/bin/sh", ["-c", "exec \"$0\" \"$@\" 2>&1", python, scriptURL.path] + arguments, timeout: timeout)
    }
}
