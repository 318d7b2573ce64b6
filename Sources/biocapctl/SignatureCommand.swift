import ArgumentParser
import BiocapCore
import BiocapImaging
import BiocapRecords
import Foundation

/// `biocapctl signature …`: signature records offline (`render`, no daemon needed), and a running signature capture
/// (`finish`, `clear`).
struct SignatureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signature",
        abstract: "Draw ISO/IEC 19794-7 signature records (offline), or finish or clear a running signature capture.",
        subcommands: [SignatureRenderCommand.self, SignatureFinishCommand.self, SignatureClearCommand.self])
}

/// `biocapctl signature render FILE.iso --out sig.png`: draws the signature of a 19794-7:2007 record.
struct SignatureRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the signature of an ISO/IEC 19794-7:2007 record as PNG (with alpha) or JPEG (on white).",
        discussion: """
            Prints one line: the file written, its size in pixels and the edition of the record. \
            Exit 1 when the record cannot be read or the image cannot be written.
            """)

    /// Accepted like everywhere else; no daemon is contacted.
    @OptionGroup var options: GlobalOptions

    @Argument(help: "The ISO/IEC 19794-7 record.")
    var file: String

    @Option(name: .customLong("out"), help: ArgumentHelp("The image to write.", valueName: "PATH"))
    var output: String

    @Option(help: "png or jpeg (default: from --out's extension, else png).")
    var format: String?

    @Option(name: .customLong("pixels-per-mm"), help: "Resolution when the pad's size is known (default 8).")
    var pixelsPerMillimetre: Double = 8

    @Option(help: "Image width in pixels when the pad's size is not known (default 600).")
    var width: Int = 600

    @Flag(name: .customLong("signing-box"), help: "Draw the whole signing box instead of cropping to the ink.")
    var signingBox = false

    func validate() throws {
        do throws(CLIError) { _ = try resolvedFormat() } catch { throw ValidationError(error.message) }
        guard pixelsPerMillimetre.isFinite, pixelsPerMillimetre > 0, pixelsPerMillimetre <= 100 else {
            throw ValidationError("--pixels-per-mm must be more than 0 and at most 100")
        }
        guard (1...SignatureRenderer.maximumDimension).contains(width) else {
            throw ValidationError("--width must be 1...\(SignatureRenderer.maximumDimension)")
        }
    }

    enum ImageFormat: String { case png, jpeg }

    func resolvedFormat() throws(CLIError) -> ImageFormat {
        if let format {
            switch format.lowercased() {
            case "png": return .png
            case "jpeg", "jpg": return .jpeg
            default: throw .usage("unknown --format \(format) (png or jpeg)")
            }
        }
        let suffix = URL(fileURLWithPath: output).pathExtension.lowercased()
        return suffix == "jpg" || suffix == "jpeg" ? .jpeg : .png
    }

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw CLIError(.failed, "cannot read \(file): \(error.localizedDescription)")
        }
        let record: SignatureRecord
        let trace: SignatureTrace
        do throws(RecordError) {
            record = try SignatureRecord.decode(bytes)
            trace = try record.trace()
        } catch {
            throw CLIError(.failed, "\(file) is not a readable ISO/IEC 19794-7:2007 record: \(error)")
        }
        let renderer = SignatureRenderer(options: SignatureRenderOptions(
            pixelsPerMillimetre: pixelsPerMillimetre, widthWhenSizeUnknown: width,
            region: signingBox ? .signingBox : .ink(margin: 8)))
        let format = try resolvedFormat()
        let image: [UInt8]
        let raster: SignatureRaster
        do throws(ImageError) {
            raster = try renderer.render(trace)
            image = format == .png ? try raster.png() : try raster.jpeg()
        } catch {
            throw CLIError(.failed, "cannot draw \(file): \(error)")
        }
        do {
            try Data(image).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError(.failed, "cannot write \(output): \(error.localizedDescription)")
        }
        Console.out("\(output): \(format.rawValue) \(raster.image.width)×\(raster.image.height) px, "
            + "\(trace.strokes.count) stroke(s), \(trace.samples.count) sample(s), \(record.edition)")
    }
}
