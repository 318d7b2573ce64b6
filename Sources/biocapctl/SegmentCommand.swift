import ArgumentParser
import BiocapCore
import BiocapImaging
import BiocapQuality
import Foundation

/// `biocapctl segment`: finds and names each fingertip of slap image files offline with the segmenter the
/// daemon uses (no daemon needed), and optionally writes each fingertip's crop.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Find each fingertip in slap images offline (PGM, PNG or JPEG); no daemon needed.",
        discussion: """
            For each file prints the fingertips found (position, axis-aligned box, tilt in degrees clockwise, score) \
            and guidance; with --json one object per line: {"file", "position", "fingers": [{"position", "box": \
            {"x", "y", "width", "height"}, "angle", "score"}], "missing", "extra", "guidance"}, or {"file", "error"} \
            for a file that cannot be read (exit 1 then). --out DIR writes DIR/<file-stem>-<finger>.pgm per fingertip \
            (the axis-aligned box, original pixels). Images are taken at 500 ppi.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "plain-right-four, plain-left-four or plain-thumbs.")
    var position: String

    @Option(name: .customLong("except"),
            help: ArgumentHelp("A finger not on the platen: POSITION[:REASON] (or POSITION=REASON). Repeatable.",
                               valueName: "POSITION:REASON"))
    var exceptions: [String] = []

    @Option(help: ArgumentHelp("Write each fingertip's crop here as PGM.", valueName: "DIR"))
    var out: String?

    @Argument(help: "Slap image files (.pgm, .png, .jpg).")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one image file") }
        do throws(CLIError) {
            _ = try slap()
            _ = try excepted()
        } catch {
            throw ValidationError(error.message)
        }
    }

    func slap() throws(CLIError) -> FingerPosition {
        guard let slap = FingerPosition(name: position), slap.isSlap else {
            throw .usage("--position must be plain-right-four, plain-left-four or plain-thumbs, not '\(position)'")
        }
        return slap
    }

    /// The excepted fingers: `left-ring`, `left-ring:amputated` or `left-ring=amputated` (the reason is checked
    /// but only the position matters to segmentation).
    func excepted() throws(CLIError) -> Set<FingerPosition> {
        let slap = try slap()
        var result = Set<FingerPosition>()
        for text in exceptions {
            let parts = text.split(maxSplits: 1, whereSeparator: { $0 == ":" || $0 == "=" }).map(String.init)
            guard let name = parts.first, let finger = FingerPosition(name: name), slap.fingers.contains(finger) else {
                throw .usage("--except '\(text)': not a finger of \(slap.name) (one of \(slap.fingers.map(\.name).joined(separator: ", ")))")
            }
            if parts.count == 2, ExceptionReason(rawValue: parts[1]) == nil {
                throw .usage("--except '\(text)': unknown reason; one of \(ExceptionReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.insert(finger)
        }
        return result
    }

    /// One JSON line.
    struct Line: Encodable {
        struct Finger: Encodable {
            var position: String
            var box: FingerSegment.Box
            var angle: Double
            var score: Int
        }

        var file: String
        var position: String?
        var fingers: [Finger]?
        var missing: [String]?
        var extra: Int?
        var guidance: [String]?
        var error: String?
    }

    func run() throws {
        let slap = try slap()
        let excepted = try excepted()
        let segmenter = SlapSegmenter()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var failures = 0
        if let out {
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw CLIError(.failed, "cannot create \(out): \(error.localizedDescription)")
            }
        }
        for file in files {
            do {
                var image = try Self.decode(file)
                if image.ppi == nil { image.ppi = 500 }
                let result = segmenter.segment(image, position: slap, excepted: excepted)
                if let out { try writeCrops(result, of: image, file: file, into: out) }
                if options.json {
                    Console.out(bytes: Array(try encoder.encode(Self.line(file: file, slap: slap, result))))
                } else {
                    Console.out(Self.table(file: file, slap: slap, result))
                }
            } catch {
                failures += 1
                let message = (error as? CLIError)?.message ?? "\(error)"
                if options.json {
                    Console.out(bytes: Array(try encoder.encode(Line(file: file, error: message))))
                } else {
                    Console.err("error: \(message)")
                }
            }
        }
        if failures > 0 { throw CLIError(.failed, "\(failures) of \(files.count) files could not be segmented") }
    }

    static func line(file: String, slap: FingerPosition, _ result: SlapSegmentation) -> Line {
        Line(file: file, position: slap.name,
             fingers: result.fingers.map {
                 Line.Finger(position: $0.position.name, box: $0.box, angle: ($0.orientedBox.angle * 10).rounded() / 10, score: $0.score)
             },
             missing: result.missing.map(\.name), extra: result.extra, guidance: result.guidance.map(\.rawValue))
    }

    /// The readable form: the file, a table of fingertips, then missing and extra fingers and guidance.
    static func table(file: String, slap: FingerPosition, _ result: SlapSegmentation) -> String {
        var lines = ["\(file) (\(slap.name)): \(result.fingers.count) of \(slap.fingers.count) fingers"]
        if !result.fingers.isEmpty {
            var table = Table(["POSITION", "X", "Y", "WIDTH", "HEIGHT", "ANGLE", "SCORE"])
            for finger in result.fingers {
                table.add([finger.position.name, "\(finger.box.x)", "\(finger.box.y)", "\(finger.box.width)", "\(finger.box.height)",
                           String(format: "%.0f°", finger.orientedBox.angle), "\(finger.score)"])
            }
            lines.append(table.render())
        }
        if !result.missing.isEmpty { lines.append("missing: " + result.missing.map(\.name).joined(separator: ", ")) }
        if result.extra > 0 { lines.append("extra regions: \(result.extra)") }
        for guidance in result.guidance { lines.append("guidance: \(guidance.localized)") }
        return lines.joined(separator: "\n")
    }

    private func writeCrops(_ result: SlapSegmentation, of image: GrayImage, file: String, into directory: String) throws {
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        for finger in result.fingers {
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(stem)-\(finger.position.name).pgm")
            do {
                try Data(NetPBM.encode(SlapSegmenter.crop(image, finger))).write(to: path)
            } catch {
                throw CLIError(.failed, "cannot write \(path.path): \(error.localizedDescription)")
            }
        }
    }

    /// Reads a PGM/PPM, PNG or JPEG file (chosen by its first bytes) as grey.
    static func decode(_ path: String) throws -> GrayImage {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CLIError(.failed, "cannot read \(path): \(error.localizedDescription)")
        }
        if bytes.starts(with: PNGCodec.signature) { return try PNGCodec.decode(bytes).flattened() }
        if bytes.starts(with: [0xFF, 0xD8]) { return try JPEGCodec.decode(bytes).gray }
        if bytes.starts(with: Array("P5".utf8)) || bytes.starts(with: Array("P6".utf8)) { return try NetPBM.decode(bytes).gray }
        throw CLIError(.failed, "\(path) is neither PGM/PPM (P5/P6), PNG nor JPEG")
    }
}
