import ArgumentParser
import BiocapRecords
import Foundation

/// `biocapctl record inspect FILE…`: what each record file holds.
struct RecordInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an ISO/IEC 19794-4/-5/-6/-7 record's or an ANSI/NIST-ITL transaction's format and each image's position, compression, size, resolution and quality.",
        discussion: "With --json, one object per file: {\"file\", \"format\", \"bytes\", \"representations\": [...]} or {\"file\", \"error\"}.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Record files.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one record file") }
    }

    struct Line: Encodable {
        var file: String
        var format: String?
        var bytes: Int?
        var representations: [RecordDescription.Representation]?
        var error: String?
    }

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var failures = 0
        for file in files {
            var line = Line(file: file)
            do {
                let description = try RecordInspector.describe(try ImageFile.readBytes(file))
                line.format = description.format
                line.bytes = description.bytes
                line.representations = description.representations
            } catch {
                failures += 1
                line.error = "\(error)"
            }
            if options.json {
                Console.out(bytes: Array(try encoder.encode(line)))
            } else {
                Self.print(line)
            }
        }
        if failures > 0 { throw CLIError(.failed, "\(failures) of \(files.count) files could not be read") }
    }

    static func print(_ line: Line) {
        guard let format = line.format, let bytes = line.bytes else {
            Console.out("\(line.file): \(line.error ?? "unreadable")")
            return
        }
        Console.out("\(line.file): \(format), \(Format.bytes(bytes))")
        var table = Table(["#", "POSITION", "COMPRESSION", "SIZE", "PPI", "QUALITY", "DATA"])
        for (index, representation) in (line.representations ?? []).enumerated() {
            let size = representation.width.flatMap { width in representation.height.map { "\(width)×\($0)" } } ?? "-"
            let data = representation.compression == "samples" ? "\(representation.dataBytes) samples" : Format.bytes(representation.dataBytes)
            table.add(["\(index + 1)", representation.position, representation.compression, size,
                         representation.ppi.map(String.init) ?? "-", representation.quality.map(String.init) ?? "-", data])
        }
        Console.out(table.render())
    }
}
