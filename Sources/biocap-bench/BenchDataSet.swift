import BiocapCore
import BiocapImaging
import Foundation

/// The real images of `shared/data` the benchmark scores.
struct BenchDataSet {
    /// A fingerprint with its NFIQ 2.3 score (nil when NFIQ 2 could not score it).
    struct Fingerprint {
        let file: String
        let database: String
        let image: GrayImage
        let nfiq2: Double?
    }

    let fingerprints: [Fingerprint]
    let irises: [GrayImage]
    let faces: [CapturedImage]

    enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        var description: String {
            switch self { case .unreadable(let what): "cannot read \(what)" }
        }
    }

    /// Loads everything under `root` (the `shared/data` directory).
    init(root: URL) throws {
        fingerprints = try Self.fingerprints(in: root)
        irises = try Self.files(in: root.appendingPathComponent("iris/casia1"), suffix: ".pgm").map {
            try NetPBM.decodeGray(Self.bytes($0))
        }
        // Files that do not decode (one of the photo set is not a JPEG despite its name) are skipped.
        faces = try Self.files(in: root.appendingPathComponent("face/photos"), suffix: ".jpg").compactMap {
            try? JPEGCodec.decode(Self.bytes($0))
        }
    }

    /// The fingerprints listed in `root/fingerprints/nfiq2.csv` (file, width, height, NFIQ 2 score; the file's
    /// first directory names its sensor), binary PGM at 500 ppi: the shared set, or any set staged like it
    /// (`scripts/finger-check`).
    static func fingerprints(in root: URL) throws -> [Fingerprint] {
        let table = try String(contentsOf: root.appendingPathComponent("fingerprints/nfiq2.csv"), encoding: .utf8)
        var fingerprints: [Fingerprint] = []
        for line in table.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4 else { throw LoadError.unreadable("nfiq2.csv line '\(line)'") }
            let file = fields[0]
            var image = try NetPBM.decodeGray(Self.bytes(root.appendingPathComponent("fingerprints/" + file)))
            image.ppi = 500
            fingerprints.append(Fingerprint(file: file, database: String(file.split(separator: "/")[0]),
                                            image: image, nfiq2: Double(fields[3])))
        }
        return fingerprints
    }

    /// The photos of any directory (`.jpg` and `.jpeg`, any case), by name; files that do not decode are skipped.
    static func photos(in folder: URL) throws -> [(name: String, image: CapturedImage)] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { file in [".jpg", ".jpeg"].contains { file.lowercased().hasSuffix($0) } }.sorted()
            .compactMap { name in
                (try? JPEGCodec.decode(bytes(folder.appendingPathComponent(name)))).map { (name: name, image: $0) }
            }
    }

    /// The grey eye images of any directory (binary PGM, `.pgm`), by name; files that do not decode are skipped
    /// (`scripts/iris-check` converts other formats first).
    static func eyes(in folder: URL) throws -> [(name: String, image: GrayImage)] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.lowercased().hasSuffix(".pgm") }.sorted()
            .compactMap { name in
                (try? NetPBM.decodeGray(bytes(folder.appendingPathComponent(name)))).map { (name: name, image: $0) }
            }
    }

    private static func bytes(_ url: URL) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw LoadError.unreadable(url.path) }
        return [UInt8](data)
    }

    private static func files(in folder: URL, suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(suffix) }.sorted().map { folder.appendingPathComponent($0) }
    }
}
