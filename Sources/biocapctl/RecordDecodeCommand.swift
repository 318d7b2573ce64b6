import ArgumentParser
import BiocapCore
import BiocapImaging
import BiocapRecords
import Foundation

/// `biocapctl record decode IN.iso --out DIR`: the images inside a record, as files.
struct RecordDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Write the images of an ISO/IEC 19794-4/-5/-6 record into a folder.",
        discussion: """
            Finger and iris images are decoded to PGM (<n>-<position>.pgm, JPEG 2000 included); images biocap does \
            not decode to pixels (WSQ, JPEG, PNG in a finger record; a face's JPEG or JPEG 2000) are written as they \
            are stored (<n>-<position>.wsq|.jpg|.png|.jp2). Prints each file written.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Record file.")
    var input: String

    @Option(help: "Folder to write the images into (created if missing).")
    var out: String

    func run() throws {
        let bytes = try ImageFile.readBytes(input)
        var written: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CLIError(.failed, "cannot create \(out): \(error.localizedDescription)")
        }
        do {
            if bytes.starts(with: FingerImageRecord.formatIdentifier) {
                for (index, representation) in try FingerImageRecord.decode(bytes).representations.enumerated() {
                    let stem = "\(index + 1)-\(representation.position.name)"
                    if let image = try? representation.grayImage() {
                        written.append(try write(NetPBM.encode(image), "\(stem).pgm"))
                    } else {
                        written.append(try write(representation.imageData, "\(stem).\(Self.suffix(representation.imageData, raw: "raw"))"))
                    }
                }
            } else if bytes.starts(with: IrisImageRecord.formatIdentifier) {
                for (index, representation) in try IrisImageRecord.decode(bytes).representations.enumerated() {
                    let stem = "\(index + 1)-\(representation.eye.name)"
                    if let image = try? representation.grayImage() {
                        written.append(try write(NetPBM.encode(image), "\(stem).pgm"))
                    } else {
                        written.append(try write(representation.imageData, "\(stem).\(Self.suffix(representation.imageData, raw: "raw"))"))
                    }
                }
            } else if bytes.starts(with: FaceImageRecord.formatIdentifier) {
                for (index, representation) in try FaceImageRecord.decode(bytes).representations.enumerated() {
                    written.append(try write(representation.imageData, "\(index + 1)-face.\(Self.suffix(representation.imageData, raw: "bin"))"))
                }
            } else {
                _ = try RecordInspector.describe(bytes)  // names what it is, or throws what it is not
                throw CLIError.usage("\(input) holds no images (a signature record: biocapctl signature render draws it)")
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.failed, "\(input): \(error)")
        }
        if options.json {
            Console.out(bytes: Array(try JSONEncoder().encode(["files": written])))
        } else {
            for file in written { Console.out("wrote \(file)") }
        }
    }

    private func write(_ bytes: [UInt8], _ name: String) throws(CLIError) -> String {
        let path = (out as NSString).appendingPathComponent(name)
        try ImageFile.writeBytes(bytes, to: path)
        return path
    }

    /// A file extension for stored image data, by its signature.
    static func suffix(_ data: [UInt8], raw: String) -> String {
        switch ImageSignature.detect(data) {
        case .jp2File: "jp2"
        case .j2kCodestream: "j2k"
        case .jpeg: "jpg"
        case .png: "png"
        case .wsq: "wsq"
        case nil: raw
        }
    }
}
