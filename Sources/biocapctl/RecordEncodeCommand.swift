import ArgumentParser
import BiocapCapture
import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapRecords
import Foundation

/// `biocapctl record encode --position POS IN --out OUT.iso`: an image file into an ISO/IEC 19794 record.
struct RecordEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Write an image as an ISO/IEC 19794 record: a finger position (19794-4), an iris (19794-6) or the face (19794-5).",
        discussion: """
            Finger and iris images are 8-bit grey, stored as --compression says (none, jpeg2000-lossless — the \
            default —, jpeg2000 at --rate bits per pixel, or for fingers wsq at --rate, default 0.75); the face goes \
            in as JPEG unless --compression names jpeg2000-lossless or jpeg2000. The quality block holds \
            --quality, or biocap's own score of the image when it is not given.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Position the image shows: right-thumb … left-little, plain-right-four, plain-left-four, plain-thumbs, right-iris, left-iris, face.")
    var position: String

    @Argument(help: "Image file (.pgm, .png, .jpg, .jp2, .j2k).")
    var input: String

    @Option(help: "Image compression: none, jpeg2000-lossless (the default for fingers and irises), jpeg2000, wsq (fingers); a face is JPEG unless jpeg2000-lossless or jpeg2000 is named.")
    var compression: String?

    @Option(help: "Bits per pixel for --compression jpeg2000 or wsq (default 0.75).")
    var rate: Double?

    @Option(help: "Resolution of a finger image in pixels per inch (default: 500).")
    var ppi: Int?

    @Option(help: "Quality score 0–100 for the record's quality block (default: biocap's score of the image).")
    var quality: Int?

    @Option(help: "Record file to write.")
    var out: String

    func validate() throws {
        if let quality, !(0...100).contains(quality) { throw ValidationError("--quality must be 0–100") }
        if let ppi, !(100...4000).contains(ppi) { throw ValidationError("--ppi must be 100–4000") }
    }

    func run() throws {
        let position = try ArgumentParsing.position(self.position)
        let image = try ImageFile.read(input)
        let score = quality ?? QualityAssessor().assess(image, position: position).score
        let bytes: [UInt8]
        do {
            bytes = try encode(image, position: position, score: score)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.failed, "\(input): \(error)")
        }
        try ImageFile.writeBytes(bytes, to: out)
        let description = try? RecordInspector.describe(bytes)
        if options.json {
            struct Line: Encodable { var file: String; var format: String?; var bytes: Int; var quality: Int }
            Console.out(bytes: Array(try JSONEncoder().encode(Line(file: out, format: description?.format, bytes: bytes.count, quality: score))))
        } else {
            Console.out("wrote \(out): \(description?.format ?? "record"), \(position.name), quality \(score), \(Format.bytes(bytes.count))")
        }
    }

    private func encode(_ image: CapturedImage, position: BiometricPosition, score: Int) throws -> [UInt8] {
        switch position {
        case .finger(let finger):
            let compression = try recordCompression()
            var gray = try grey(image)
            gray.ppi = ppi ?? gray.ppi ?? 500
            return try FingerImageRecord(image: gray, position: finger, quality: score, compression: compression).encode()
        case .iris(let eye):
            let compression = try recordCompression()
            return try IrisImageRecord(image: try grey(image), eye: eye, quality: score, compression: compression).encode()
        case .face:
            if compression != nil {
                return try FaceImageRecord(image: image, quality: score, compression: try recordCompression()).encode()
            }
            let jpeg = try JPEGCodec.encode(image, quality: RecordPacker.faceJPEGQuality)
            return try FaceImageRecord(jpeg: jpeg, width: image.width, height: image.height, quality: score).encode()
        case .signature:
            throw CLIError.usage("a signature record is made from pen samples, not an image (biocapctl capture --modality signature)")
        }
    }

    private func recordCompression() throws(CLIError) -> RecordCompression {
        do { return try RecordCompression(name: compression ?? "jpeg2000-lossless", bitsPerPixel: rate) } catch {
            throw .usage("--compression/--rate: \(error)")
        }
    }

    private func grey(_ image: CapturedImage) throws(CLIError) -> GrayImage {
        guard case .gray(let gray) = image else {
            throw .usage("\(input) is a colour image; finger and iris records hold 8-bit grey (convert it first)")
        }
        return gray
    }
}
