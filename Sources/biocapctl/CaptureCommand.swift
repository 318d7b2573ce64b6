import ArgumentParser
import BiocapAPI
import BiocapCore
import Foundation

/// `biocapctl capture`: a test capture with live progress, the result, and optionally the image or record.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture one or more positions, following progress frame by frame.",
        discussion: """
            Ctrl-C cancels the capture on the daemon before exiting (status 130). \
            A signature (--modality signature) ends when the pen has been lifted for --pen-up seconds; \
            `biocapctl signature finish|clear ID` ends it or starts it over from another terminal. \
            --out FILE writes the image (.jpg, .pgm/.ppm) or the ISO/IEC 19794 record (.iso); \
            --out DIR/ writes one file per position in --format.
            --direct drives a USB device (--device usb:VID:PID[@PORT]) in this process without the daemon; \
            it takes the first frame unless --threshold is given.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Device id (default: the first ready device of the modality).")
    var device: String?

    @Option(help: "finger, iris, face or signature (default: the positions' modality).")
    var modality: String?

    @Option(name: .customLong("position"), help: "A position to capture (right-index, plain-left-four, left-iris, face …). Repeatable.")
    var positions: [String] = []

    @Option(help: "Quality score (0–100) at which the capture ends early (daemon default 40).")
    var threshold: Int?

    @Option(name: .customLong("timeout"), help: "Seconds before the best frame so far is taken (daemon default 20).")
    var timeoutSeconds: Double?

    @Option(name: .customLong("exception"), help: ArgumentHelp(ArgumentParsing.exceptionHelp, valueName: "POSITION=REASON"))
    var exceptions: [String] = []

    @Option(name: .customLong("pen-up"), help: "Signatures: seconds the pen stays lifted after writing before the capture ends (daemon default 3).")
    var penUpSeconds: Double?

    @Option(help: "Write the result: FILE.jpg, FILE.pgm, FILE.iso, FILE.png (signatures), or DIR/ for one file per position.")
    var out: String?

    @Option(help: "Format of files written into a --out directory: jpg, pgm, iso or png.")
    var format: String?

    @Flag(help: "Drive the USB device named by --device usb:VID:PID directly, without the daemon.")
    var direct = false

    @Option(help: "With --direct on a camera: stream this mode, FORMAT:WIDTHxHEIGHT (e.g. yuy2:640x480).")
    var mode: String?

    @Option(name: .customLong("id-file"), help: "Write the capture id to this file once started (for scripts that assemble packets).")
    var idFile: String?

    func validate() throws {
        if direct {
            guard let device, device.hasPrefix("usb:") else { throw ValidationError("--direct needs --device usb:VID:PID") }
            return
        }
        do throws(CLIError) {
            _ = try body()
            _ = try outputTarget()
        } catch {
            throw ValidationError(error.message)
        }
    }

    func body() throws(CLIError) -> CaptureRequestBody {
        guard device != nil || modality != nil else { throw .usage("name a --device or a --modality") }
        var parsedPositions: [BiometricPosition] = []
        for name in positions { parsedPositions.append(try ArgumentParsing.position(name)) }
        if parsedPositions.isEmpty {
            // A modality with a single position (face) needs no --position.
            let only = try modality.map { name throws(CLIError) in
                let parsed = try ArgumentParsing.modality(name)
                return BiometricPosition.all.filter { $0.modality == parsed }
            }
            guard let only, only.count == 1 else {
                throw .usage("name at least one --position (\(modality ?? "this modality") has several)")
            }
            parsedPositions = only
        }
        var parsedExceptions: [BiometricException] = []
        for text in exceptions { parsedExceptions.append(try ArgumentParsing.exception(text)) }
        if let threshold, !(0...100).contains(threshold) { throw .usage("--threshold must be 0–100") }
        if let timeoutSeconds, !(timeoutSeconds > 0 && timeoutSeconds <= 600) { throw .usage("--timeout must be more than 0 and at most 600 seconds") }
        if let penUpSeconds, !(0.3...60).contains(penUpSeconds) { throw .usage("--pen-up must be 0.3–60 seconds") }
        var parsedModality: Modality?
        if let modality { parsedModality = try ArgumentParsing.modality(modality) }
        return CaptureRequestBody(device: device, modality: parsedModality,
                    positions: parsedPositions, threshold: threshold, timeoutSeconds: timeoutSeconds,
                    exceptions: parsedExceptions.isEmpty ? nil : parsedExceptions, penUpSeconds: penUpSeconds)
    }

    func outputTarget() throws(CLIError) -> CaptureOutputTarget? {
        guard let out else {
            if format != nil { throw .usage("--format needs --out DIR/") }
            return nil
        }
        let positions = try body().positions
        let target = try CaptureOutputTarget(out: out, format: format, positionCount: positions.count)
        if target.format == .png, let other = positions.first(where: { $0 != .signature }) {
            throw .usage("--out \(out): PNG is written for signatures; \(other.name) is written as .jpg, .pgm (.ppm) or .iso")
        }
        return target
    }

    func run() async throws {
        if direct, let device {
            return try await DirectCapture.capture(selector: device, positions: positions, threshold: threshold,
                                                   timeout: timeoutSeconds, out: out, mode: mode, json: options.json)
        }
        let body = try body(), target = try outputTarget(), json = options.json
        // Watch Ctrl-C from before the capture exists, so an early one still cancels it.
        let interrupts = InterruptSignal.stream()
        try await DaemonClient.run(options) { client in
            let started = try APIJSON.decoder.decodeDocument(CaptureInfo.self, try await client.post("/v1/captures", json: body))
            if let idFile {
                do {
                    try Data((started.id + "\n").utf8).write(to: URL(fileURLWithPath: idFile))
                } catch {
                    throw CLIError(.failed, "cannot write --id-file \(idFile): \(error.localizedDescription)")
                }
            }
            if !json {
                Console.out("capture \(started.id) on \(started.deviceID): \(started.positions.map(\.name).joined(separator: ", ")), "
                            + "threshold \(started.threshold), timeout \(Format.duration(started.timeoutSeconds))")
            }
            let (info, document) = try await follow(started, client: client, interrupts: interrupts, printsProgress: !json)
            if json { Console.out(bytes: document) } else { Self.printResult(info) }
            guard info.state == .completed else {
                let failure = info.error.map { "\($0.message) (\($0.code))" } ?? "capture \(info.state.rawValue)"
                throw CLIError(.failed, failure)
            }
            if let target {
                for file in try await target.write(captureID: info.id, positions: info.results.map(\.position), using: client) {
                    let line = "wrote \(file.path) (\(Format.bytes(file.size)))"
                    if json { Console.err(line) } else { Console.out(line) }
                }
            }
        }
    }

    /// Races the event stream against Ctrl-C; on Ctrl-C cancels the capture on the daemon and exits 130.
    private func follow(_ started: CaptureInfo, client: DaemonClient, interrupts: AsyncStream<Void>,
                        printsProgress: Bool) async throws -> (CaptureInfo, [UInt8]) {
        let follower = CaptureFollower(client: client, capture: started, printsProgress: printsProgress)
        // Ctrl-C is the deadline; when the signal stream ends without one, only the capture can end the race.
        let outcome = try await withDeadline({
            for await _ in interrupts { return }
            while true { try await Task.sleep(for: .seconds(3600)) }
        }, operation: { try await follower.follow() })
        switch outcome {
        case .finished(let (info, document)):
            return (info, document)
        case .deadlinePassed:
            Console.err("interrupted: cancelling capture \(started.id) …")
            let state = (try? await client.post("/v1/captures/\(PathComponent.escape(started.id))/cancel", timeout: .seconds(15)))
                .flatMap { try? APIJSON.decoder.decode(CaptureInfo.self, from: Data($0)) }?.state
            throw CLIError(.interrupted, "capture \(started.id) \(state.map { "ended \($0.rawValue)" } ?? "cancel requested") (interrupted)")
        }
    }

    static func printResult(_ info: CaptureInfo) {
        let elapsed = info.finishedAt.map { $0.timeIntervalSince(info.startedAt) }
        let unit = info.modality == .signature ? "samples" : "frames"
        Console.out("capture \(info.state.rawValue) after \(info.framesScored) \(unit)" + (elapsed.map { String(format: " in %.1fs", $0) } ?? ""))
        guard !info.results.isEmpty else { return }
        var table = Table(["POSITION", "SCORE", "THRESHOLD", "RESULT", "IMAGE", "FRAME", "RECORD"])
        for result in info.results {
            table.add([result.position.name, "\(result.score)", "\(info.threshold)",
                       result.belowThreshold ? "BELOW THRESHOLD" : "ok", "\(result.width)x\(result.height)",
                       "\(result.frameIndex)", "\(result.recordFormat) \(result.recordSize) bytes"])
        }
        Console.out(table.render())
        for result in info.results where !result.guidance.isEmpty {
            Console.out("\(result.position.name): " + result.guidance.map(\.localized).joined(separator: "; "))
        }
    }
}
