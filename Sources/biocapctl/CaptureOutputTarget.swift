import BiocapCore
import Foundation

/// Where `capture --out` writes a finished capture: one file (format chosen by its extension) or a
/// directory with one file per position (format chosen by `--format`).
struct CaptureOutputTarget: Sendable {
    enum Format: String, Sendable, CaseIterable {
        case jpeg = "jpg"
        case netpbm = "pgm"
        case record = "iso"
        /// A signature's rendered image with transparency.
        case png = "png"

        /// From a file extension: `.jpg`/`.jpeg`, `.pgm`/`.ppm`/`.pnm`, `.iso`, `.png` (signatures).
        init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "jpg", "jpeg": self = .jpeg
            case "pgm", "ppm", "pnm": self = .netpbm
            case "iso": self = .record
            case "png": self = .png
            default: return nil
            }
        }

        /// The file extension for a position (face images are colour, so their Netpbm form is PPM).
        func fileExtension(for position: BiometricPosition) -> String {
            self == .netpbm && position == .face ? "ppm" : rawValue
        }

        /// The API path that serves this form of one position of a capture.
        func apiPath(captureID: String, position: BiometricPosition) -> String {
            let base = "/v1/captures/\(PathComponent.escape(captureID))"
            switch self {
            case .jpeg: return "\(base)/image?position=\(position.name)&format=jpeg"
            case .netpbm: return "\(base)/image?position=\(position.name)&format=pgm"
            case .record: return "\(base)/record?position=\(position.name)"
            case .png: return "\(base)/image?position=\(position.name)&format=png"
            }
        }
    }

    var path: String
    var isDirectory: Bool
    var format: Format

    /// Checks `--out` (and `--format` for a directory) before the capture starts.
    init(out: String, format formatName: String?, positionCount: Int) throws(CLIError) {
        var isDirectoryFlag: ObjCBool = false
        let existingDirectory = FileManager.default.fileExists(atPath: out, isDirectory: &isDirectoryFlag) && isDirectoryFlag.boolValue
        path = out
        isDirectory = out.hasSuffix("/") || existingDirectory
        if isDirectory {
            let name = formatName ?? Format.jpeg.rawValue
            guard let chosen = Format(fileExtension: name) else {
                throw .usage("--format must be one of jpg, pgm, iso, png (got '\(name)')")
            }
            format = chosen
        } else {
            let fileExtension = URL(fileURLWithPath: out).pathExtension
            guard let chosen = Format(fileExtension: fileExtension) else {
                throw .usage("--out \(out): the extension must be .jpg, .pgm (.ppm), .iso or .png (signatures), or end the path with / for a directory")
            }
            guard positionCount == 1 else {
                throw .usage("--out \(out): a capture of \(positionCount) positions needs a directory (end the path with /)")
            }
            format = chosen
        }
    }

    /// The file each position goes to.
    func files(for positions: [BiometricPosition]) -> [(position: BiometricPosition, path: String)] {
        guard isDirectory else { return positions.prefix(1).map { ($0, path) } }
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        return positions.map { position in
            (position, directory.appendingPathComponent("\(position.name).\(format.fileExtension(for: position))").path)
        }
    }

    /// Downloads each position's image or record and writes it; returns the paths and sizes written.
    func write(captureID: String, positions: [BiometricPosition], using client: DaemonClient) async throws -> [(path: String, size: Int)] {
        if isDirectory {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw CLIError(.failed, "cannot create directory \(path): \(error.localizedDescription)")
            }
        }
        var written: [(path: String, size: Int)] = []
        for (position, file) in files(for: positions) {
            let bytes = try await client.get(format.apiPath(captureID: captureID, position: position))
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: file), options: .atomic)
            } catch {
                throw CLIError(.failed, "cannot write \(file): \(error.localizedDescription)")
            }
            written.append((file, bytes.count))
        }
        return written
    }
}
