import BiocapCore
import BiocapImaging
import Foundation

/// Image files as the offline tools read and write them: read by their first bytes, written by their extension
/// (`.pgm`/`.ppm`, `.png`, `.jpg`/`.jpeg`, `.jp2`, `.j2k`/`.j2c`, `.wsq`).
enum ImageFile {
    enum Kind: String, CaseIterable {
        case netpbm, png, jpeg, jp2, j2k, wsq

        /// The kind a file name's extension names.
        init(path: String) throws(CLIError) {
            switch (path as NSString).pathExtension.lowercased() {
            case "pgm", "ppm", "pnm": self = .netpbm
            case "png": self = .png
            case "jpg", "jpeg": self = .jpeg
            case "jp2": self = .jp2
            case "j2k", "j2c": self = .j2k
            case "wsq": self = .wsq
            case let other:
                throw .usage("\(path): unknown image type '.\(other)'; use .pgm, .ppm, .png, .jpg, .jp2, .j2k or .wsq")
            }
        }

        /// Whether the kind can keep every pixel.
        var canBeLossless: Bool { self != .jpeg && self != .wsq }
    }

    /// How to write: lossless where the format can, else at `rate` bits per pixel (JPEG 2000; WSQ, 0.75 when not
    /// given) or `jpegQuality`.
    struct WriteOptions {
        var lossless = false
        var rate: Double?
        var jpegQuality = 90
    }

    static func readBytes(_ path: String) throws(CLIError) -> [UInt8] {
        do { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw CLIError(.failed, "cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func writeBytes(_ bytes: [UInt8], to path: String) throws(CLIError) {
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError(.failed, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Decodes a file, recognised by its first bytes whatever its name.
    static func read(_ path: String) throws(CLIError) -> CapturedImage {
        let bytes = try readBytes(path)
        do throws(ImageError) {
            if bytes.starts(with: Array("P5".utf8)) || bytes.starts(with: Array("P6".utf8)) { return try NetPBM.decode(bytes) }
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .gray(try PNGCodec.decode(bytes).flattened()) }
            if bytes.starts(with: [0xFF, 0xD8]) { return try JPEGCodec.decode(bytes) }
            if JPEG2000Codec.container(of: bytes) != nil { return try JPEG2000Codec.decode(bytes) }
            if WSQCodec.isWSQ(bytes) { return .gray(try WSQCodec.decode(bytes)) }
        } catch {
            throw CLIError(.failed, "\(path): \(error)")
        }
        throw CLIError(.failed, "\(path) is not an image biocap reads (PGM/PPM P5/P6, PNG, JPEG, JPEG 2000, WSQ)")
    }

    /// Encodes `image` for a file of `kind`.
    static func encode(_ image: CapturedImage, as kind: Kind, options: WriteOptions, path: String) throws(CLIError) -> [UInt8] {
        if options.rate != nil, options.lossless { throw .usage("--lossless and --rate exclude each other") }
        if options.rate != nil, kind != .jp2, kind != .j2k, kind != .wsq {
            throw .usage("--rate applies to JPEG 2000 (.jp2, .j2k) and WSQ, not to \(path)")
        }
        if options.lossless, !kind.canBeLossless {
            throw .usage("\(path): \(kind == .wsq ? "WSQ" : "JPEG") cannot keep every pixel; use .png, .jp2 or .pgm")
        }
        do throws(ImageError) {
            switch kind {
            case .netpbm: return NetPBM.encode(image)
            case .png:
                guard case .gray(let gray) = image else { throw .unsupportedFormat("a colour image as PNG (biocap writes grey PNG)") }
                return try PNGCodec.encode(gray)
            case .jpeg: return try JPEGCodec.encode(image, quality: options.jpegQuality)
            case .jp2, .j2k:
                let compression: JPEG2000Codec.Compression = options.rate.map { .rate(bitsPerPixel: $0) } ?? .lossless
                return try JPEG2000Codec.encode(image, compression: compression, container: kind == .jp2 ? .jp2 : .codestream)
            case .wsq:
                return try WSQCodec.encode(image, bitRate: options.rate ?? 0.75)
            }
        } catch {
            throw CLIError(.failed, "\(path): \(error)")
        }
    }
}
