import ArgumentParser
import BiocapAPI
import Foundation
import NIOCore

/// `biocapctl preview DEVICE --out DIR`: saves the live JPEG preview as `frame-0001.jpg` … .
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Save a device's live preview frames as JPEG files (frame-0001.jpg …).",
        discussion: "While a capture runs on the device its frames are shown; otherwise the device is busy for the preview.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Device id.")
    var device: String

    @Option(help: "Directory for the frames (created when missing).")
    var out: String

    @Option(help: "Number of frames (1–1000).")
    var frames: Int = 10

    @Option(help: "Position to show when the device captures several (e.g. left-iris).")
    var position: String?

    func validate() throws {
        guard (1...1000).contains(frames) else { throw ValidationError("--frames must be 1–1000") }
        if let position {
            do throws(CLIError) { _ = try ArgumentParsing.position(position) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError(.failed, "cannot create directory \(out): \(error.localizedDescription)")
        }
        var path = "/v1/devices/\(PathComponent.escape(device))/preview?frames=\(frames)"
        if let position { path += "&position=\(PathComponent.escape(position))" }
        let requestPath = path
        let saved = try await DaemonClient.run(options) { client in
            let response = try await client.stream(requestPath, timeout: .seconds(Int64(60 + frames)))
            let contentType = response.headers.first(name: "content-type") ?? ""
            guard let boundary = MultipartReader.boundary(fromContentType: contentType) else {
                throw CLIError(.failed, "preview answer is not multipart (Content-Type: \(contentType))")
            }
            var reader = MultipartReader(boundary: boundary)
            var saved: [String] = []
            var chunks = response.body.makeAsyncIterator()
            while true {
                let chunk: ByteBuffer?
                do { chunk = try await chunks.next() } catch { throw client.transportFailure(error) }
                guard let chunk else { break }
                let parts: [MultipartPart]
                do {
                    parts = try reader.feed(chunk.readableBytesView)
                } catch {
                    throw CLIError(.failed, "preview stream broken after \(saved.count) frames: \(error)")
                }
                for part in parts {
                    guard let frame = PreviewFrame(part: part) else {
                        throw CLIError(.failed, "the preview stream sent a part that is not a JPEG frame: \(part.headers)")
                    }
                    let file = directory.appendingPathComponent(String(format: "frame-%04d.jpg", saved.count + 1))
                    do {
                        try Data(frame.jpeg).write(to: file, options: .atomic)
                    } catch {
                        throw CLIError(.failed, "cannot write \(file.path): \(error.localizedDescription)")
                    }
                    saved.append(file.path)
                    if !options.json {
                        Console.out("saved \(file.lastPathComponent) (device frame \(frame.index), \(frame.position.name)), "
                                    + Format.bytes(frame.jpeg.count))
                    }
                }
            }
            return saved
        }
        if options.json {
            struct Summary: Encodable { var directory: String; var frames: Int; var files: [String] }
            let data = try JSONEncoder().encode(Summary(directory: directory.path, frames: saved.count, files: saved))
            Console.out(bytes: Array(data))
        } else {
            Console.out("\(saved.count) frames in \(directory.path)")
        }
        if saved.isEmpty { throw CLIError(.failed, "the device sent no frames") }
    }
}
