import BiocapTestSupport
import Foundation

/// Reads the packaging files (systemd units, udev rule, sysusers entry) and runs the external tools
/// that check them.
enum PackagingFixtures {
    /// A file of the package, relative to its root (`systemd/biocapd.service`).
    static func url(_ relative: String) -> URL {
        TestData.packageRoot.appendingPathComponent(relative)
    }

    /// The text of a file of the package.
    static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// A systemd unit file read as sections of `Key=value` settings, in file order.
    /// Only what the tests need: no line continuations, no specifiers.
    struct UnitFile {
        struct Setting {
            var section: String
            var key: String
            var value: String
        }

        var settings: [Setting] = []

        init(text: String) {
            var section = ""
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
                if line.hasPrefix("["), line.hasSuffix("]") {
                    section = String(line.dropFirst().dropLast())
                    continue
                }
                guard let equals = line.firstIndex(of: "=") else { continue }
                settings.append(Setting(
                    section: section,
                    key: line[..<equals].trimmingCharacters(in: .whitespaces),
                    value: line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)))
            }
        }

        init(contentsOf relative: String) throws {
            self.init(text: try PackagingFixtures.text(relative))
        }

        /// Every value given to `key` in `section`, in order (systemd lists accumulate).
        func values(_ section: String, _ key: String) -> [String] {
            settings.filter { $0.section == section && $0.key == key }.map(\.value)
        }

        /// The last value of `key` in `section` (the one systemd uses for single-valued settings).
        func value(_ section: String, _ key: String) -> String? {
            values(section, key).last
        }

        /// True when `key` is set in any section.
        func sets(_ key: String) -> Bool {
            settings.contains { $0.key == key }
        }
    }

    /// What a finished command printed (stdout and stderr interleaved) and its exit status.
    struct CommandOutput {
        var status: Int32
        var output: String

        var lines: [String] {
            output.split(separator: "\n").map(String.init)
        }
    }

    /// An executable named `name` on `$PATH` (or in /usr/bin, /bin), if any.
    static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        return directories
            .map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `executable` with `arguments` to completion and collects its output.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a full pipe would otherwise block the child forever.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandOutput(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The daemon built beside the running test binary, when there is one; else `/bin/true`.
    /// `systemd-analyze verify` insists that `ExecStart=` names an existing executable.
    static func daemonExecutable() -> URL {
        BuiltProducts.executable("biocapd") ?? URL(fileURLWithPath: "/bin/true")
    }
}
