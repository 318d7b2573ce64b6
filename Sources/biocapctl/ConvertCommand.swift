import ArgumentParser
import BiocapCore
import Foundation

/// `biocapctl convert IN OUT`: converts an image between the formats biocap reads and writes, offline.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert an image file offline (.pgm, .ppm, .png, .jpg, .jp2, .j2k, .wsq, by extension); no daemon needed.",
        discussion: """
            JPEG 2000 is lossless unless --rate is given (bits per pixel, e.g. 0.75); WSQ is always lossy (--rate, \
            default 0.75, the FBI's setting for 500 ppi; the image's ppi goes into its NIST comment); JPEG is always \
            lossy (--quality). Prints one line, or with --json {"in", "out", "width", "height", "bytes"}.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Image to read.")
    var input: String

    @Argument(help: "Image to write; its extension chooses the format.")
    var output: String

    @Flag(help: "Keep every pixel (the default for PNG, PGM and JPEG 2000; refused for JPEG).")
    var lossless = false

    @Option(help: "Bits per pixel: JPEG 2000 (lossy, irreversible 9/7 wavelet) or WSQ (default 0.75).")
    var rate: Double?

    @Option(help: "JPEG quality 1–100 (default 90).")
    var quality: Int = 90

    func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be 1–100") }
        if let rate, !(rate.isFinite && rate > 0) { throw ValidationError("--rate must be a positive number of bits per pixel") }
    }

    func run() throws {
        let image = try ImageFile.read(input)
        let kind = try ImageFile.Kind(path: output)
        let bytes = try ImageFile.encode(image, as: kind, options: .init(lossless: lossless, rate: rate, jpegQuality: quality),
                                         path: output)
        try ImageFile.writeBytes(bytes, to: output)
        if options.json {
            struct Line: Encodable { var `in`: String; var out: String; var width: Int; var height: Int; var bytes: Int }
            Console.out(bytes: Array(try JSONEncoder().encode(Line(in: input, out: output, width: image.width, height: image.height,
                                                                   bytes: bytes.count))))
        } else {
            Console.out("wrote \(output): \(image.width)×\(image.height), \(Format.bytes(bytes.count))")
        }
    }
}
