import Foundation

/// Interchange-format benchmark: times biocap's codecs and the slap segmenter on real 500 ppi fingerprints and a
/// synthetic slap, one core, and prints one JSON object (`scripts/bench-formats` puts NBIS and OpenJPEG's own
/// command-line tools beside it). `biocap-formats-bench [--data DIR] [--repeats N] [--only SECTION,…]
/// [--write-inputs DIR]`; `--write-inputs` saves the images it used as PGM files for the baseline.
@main
struct FormatsBenchCommand {
    /// Every section, by name; each file of this target adds one.
    static let sections: [(name: String, run: @Sendable (FormatsBenchInputs) throws -> [String: Any])] = [
        ("jpeg2000", JPEG2000Bench.run),
        ("wsq", WSQBench.run),
        ("ansi_nist", ANSINISTBench.run),
        ("segmentation", SegmentationBench.run),
    ]

    static func main() {
        do {
            var arguments = Array(CommandLine.arguments.dropFirst())
            var dataRoot = defaultDataRoot()
            var repeats = 7
            var only: Set<String>?
            var inputsDirectory: URL?
            while !arguments.isEmpty {
                let argument = arguments.removeFirst()
                switch argument {
                case "--data":
                    guard !arguments.isEmpty else { throw FormatsBenchError.usage("--data needs a directory") }
                    dataRoot = URL(fileURLWithPath: arguments.removeFirst(), isDirectory: true)
                case "--repeats":
                    guard let value = arguments.first.flatMap({ Int($0) }), value > 0 else {
                        throw FormatsBenchError.usage("--repeats needs a positive number")
                    }
                    arguments.removeFirst()
                    repeats = value
                case "--only":
                    guard !arguments.isEmpty else { throw FormatsBenchError.usage("--only needs section names") }
                    only = Set(arguments.removeFirst().split(separator: ",").map(String.init))
                case "--write-inputs":
                    guard !arguments.isEmpty else { throw FormatsBenchError.usage("--write-inputs needs a directory") }
                    inputsDirectory = URL(fileURLWithPath: arguments.removeFirst(), isDirectory: true)
                default:
                    throw FormatsBenchError.usage(
                        "usage: biocap-formats-bench [--data DIR] [--repeats N] [--only SECTION,…] [--write-inputs DIR]")
                }
            }
            let inputs = try FormatsBenchInputs(dataRoot: dataRoot, repeats: repeats)
            if let inputsDirectory { try inputs.write(to: inputsDirectory) }
            var results: [String: Any] = ["repeats": repeats, "fingers": inputs.fingers.count,
                                          "slap": ["width": inputs.slap.width, "height": inputs.slap.height]]
            for section in sections where only?.contains(section.name) ?? true {
                results[section.name] = try section.run(inputs)
            }
            let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: json, as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("biocap-formats-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    /// `$BIOCAP_SHARED/data`, else `../shared/data` from the working directory (the repository root).
    static func defaultDataRoot() -> URL {
        if let shared = ProcessInfo.processInfo.environment["BIOCAP_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared, isDirectory: true).appendingPathComponent("data")
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .deletingLastPathComponent().appendingPathComponent("shared/data")
    }
}
