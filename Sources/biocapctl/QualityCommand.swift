import ArgumentParser
import BiocapCore
import BiocapImaging
import BiocapQuality
import Foundation

/// `biocapctl quality`: scores image files offline with the daemon's own quality code (no daemon needed).
struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Score image files offline (PGM, PPM, PNG, JPEG or JPEG 2000); no daemon needed.",
        discussion: """
            Always prints JSON lines (so --json changes nothing), one object per file: \
            {"file", "score", "metrics": {name: value}, "guidance": [code]} \
            or {"file", "error"} for a file that cannot be read (exit 1 then).
            """)

    /// Accepted like everywhere else: output is JSON lines anyway, and no daemon is contacted.
    @OptionGroup var options: GlobalOptions

    @Option(help: "finger, iris or face.")
    var modality: String

    @Option(help: "Position the images show (default: the modality's first, e.g. right-thumb).")
    var position: String?

    @Argument(help: "Image files (.pgm, .ppm, .png, .jpg, .jp2, .j2k).")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one image file") }
        do throws(CLIError) { _ = try resolvedPosition() } catch { throw ValidationError(error.message) }
    }

    func resolvedPosition() throws(CLIError) -> BiometricPosition {
        let modality = try ArgumentParsing.modality(modality)
        guard let name = position else {
            guard let first = BiometricPosition.all.first(where: { $0.modality == modality }) else {
                throw .usage("no position for modality \(modality.rawValue)")
            }
            return first
        }
        let position = try ArgumentParsing.position(name)
        guard position.modality == modality else { throw .usage("position \(name) is not a \(modality.rawValue) position") }
        return position
    }

    /// One JSON line: keys in a fixed order so output is stable.
    struct Line: Encodable {
        var file: String
        var score: Int?
        var metrics: [String: Double]?
        var guidance: [String]?
        var error: String?
    }

    func run() throws {
        let position = try resolvedPosition()
        let assessor = QualityAssessor()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var failures = 0
        for file in files {
            var line = Line(file: file)
            do {
                let image = try ImageFile.read(file)
                let report = assessor.assess(image, position: position)
                line.score = report.score
                line.metrics = Dictionary(report.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
                line.guidance = report.guidance.map(\.rawValue)
            } catch {
                failures += 1
                line.error = "\(error)"
            }
            Console.out(bytes: Array(try encoder.encode(line)))
        }
        if failures > 0 { throw CLIError(.failed, "\(failures) of \(files.count) files could not be scored") }
    }
}
