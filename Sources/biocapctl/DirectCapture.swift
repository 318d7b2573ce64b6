import BiocapCapture
import BiocapUVC
import BiocapCore
import BiocapDeviceKit
import BiocapDevices
import BiocapImaging
import BiocapQuality
import Foundation

/// `capture --direct` and `diag --direct`: drive a USB device through its driver in this process,
/// without the daemon (for a technician when biocapd is stopped, and for replay tests).
enum DirectCapture {
    /// Captures with the same session and quality scoring the daemon uses; writes `--out` if given.
    static func capture(selector: String, positions names: [String], threshold: Int?, timeout: Double?,
                        out: String?, mode: String?, json: Bool) async throws {
        let direct = try await open(selector, mode: mode)
        do {
            let descriptor = await direct.device.descriptor
            var positions: [BiometricPosition] = []
            for name in names { positions.append(try ArgumentParsing.position(name)) }
            if positions.isEmpty, let first = descriptor.capabilities.positions.first { positions = [first] }
            // A direct test capture takes the first frame unless a threshold is asked for: the
            // technician sees its score either way.
            let request = CaptureRequest(modality: descriptor.modality, positions: positions, threshold: threshold ?? 0,
                                         timeout: .milliseconds(Int((timeout ?? 20) * 1000)))
            do { try request.validate() } catch { throw CLIError(.usage, error.description) }
            if !json {
                Console.out("direct capture on \(descriptor.vendor) \(descriptor.model) (\(direct.info.id) at \(direct.info.portPath)), "
                            + "\(descriptor.capabilities.imageWidth)x\(descriptor.capabilities.imageHeight)"
                            + (descriptor.capabilities.ppi.map { " @ \($0) ppi" } ?? ""))
            }
            if let pad = direct.device as? any SignaturePad {
                try report([try await sign(on: pad, request: request, json: json)], out: out, json: json)
                await direct.close()
                return
            }
            let session = CaptureSession(device: direct.device, request: request, makeScorer: { QualityAssessor() })
            let results: [CaptureResult]
            do {
                results = try await session.run(onFrame: { _ in }, progress: { progress in
                    guard !json else { return }
                    let scores = progress.views.map { "\($0.position.name) \($0.score)" }.joined(separator: ", ")
                    Console.out("frame \(progress.frameIndex): \(scores)")
                })
            } catch {
                throw CLIError(.failed, "\(error.description) (\(error.code))")
            }
            try report(results, out: out, json: json)
        } catch {
            await direct.close()
            throw error
        }
        await direct.close()
    }

    /// A signature on a pad driven in this process: ends when the pen has been lifted for 3 s after writing (or at the
    /// timeout with what was written), like a capture through the daemon.
    private static func sign(on pad: any SignaturePad, request: CaptureRequest, json: Bool) async throws -> CaptureResult {
        if !json { Console.out("sign on the pad; the capture ends 3 s after the pen is lifted") }
        let ending = await SignatureSession(pad: pad, request: request, render: SignatureDrawing.image)
            .run(commands: AsyncStream { _ in }, progress: { progress in
                guard !json, let view = progress.views.first else { return }
                Console.out("sample \(progress.frameIndex): signature \(view.score)")
            })
        switch ending {
        case .completed(let result): return result
        case .interrupted(let error, _), .failed(let error): throw CLIError(.failed, "\(error.description) (\(error.code))")
        }
    }

    /// Runs the device's self-test; exits 1 when a check fails.
    static func diagnose(selector: String, mode: String?, json: Bool) async throws {
        let direct = try await open(selector, mode: mode)
        let report: DiagnosticReport
        do { report = try await direct.device.selfTest() } catch {
            await direct.close()
            throw CLIError(.failed, "self-test of \(selector) failed: \(error)")
        }
        await direct.close()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(bytes: [UInt8]((try? encoder.encode(report)) ?? Data()))
        } else {
            var table = Table(["CHECK", "RESULT", "DETAIL"])
            for check in report.checks { table.add([check.name, check.passed ? "pass" : "FAIL", check.detail]) }
            Console.out(table.render())
        }
        if !report.passed { throw CLIError(.failed, "self-test of \(selector) failed") }
    }

    private static func open(_ selector: String, mode: String?) async throws -> DirectUSBDevice {
        do {
            let direct = try await DirectUSBDevice.open(selector)
            guard let mode else { return direct }
            guard let camera = direct.device as? UVCCamera else {
                await direct.close()
                throw CLIError(.usage, "--mode applies to cameras only")
            }
            let parts = mode.lowercased().split(whereSeparator: { $0 == ":" || $0 == "x" }).map(String.init)
            guard parts.count == 3, let width = Int(parts[1]), let height = Int(parts[2]) else {
                await direct.close()
                throw CLIError(.usage, "--mode is FORMAT:WIDTHxHEIGHT, e.g. yuy2:640x480 or mjpeg:1280x720")
            }
            do { try await camera.selectMode(format: parts[0], width: width, height: height) } catch {
                await direct.close()
                throw error
            }
            return direct
        } catch let error as BiocapError {
            throw CLIError(.failed, "\(error.description) (\(error.code))",
                           hints: ["List devices with 'biocapctl usb'. Stop biocapd first if it holds the device."])
        }
    }

    private static func report(_ results: [CaptureResult], out: String?, json: Bool) throws {
        if json {
            let rows = results.map { ["position": $0.position.name, "score": "\($0.quality.score)",
                                      "width": "\($0.image.width)", "height": "\($0.image.height)"] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(bytes: [UInt8]((try? encoder.encode(["results": rows])) ?? Data()))
        } else {
            for result in results {
                Console.out("\(result.position.name): score \(result.quality.score), \(result.image.width)x\(result.image.height), frame \(result.frameIndex)"
                            + (result.quality.guidance.isEmpty ? "" : " — " + result.quality.guidance.map(\.localized).joined(separator: "; ")))
            }
        }
        guard let out, let result = results.first else { return }
        let bytes: [UInt8]
        switch URL(fileURLWithPath: out).pathExtension.lowercased() {
        case "pgm", "ppm", "pnm": bytes = NetPBM.encode(result.image)
        case "jpg", "jpeg":
            do { bytes = try JPEGCodec.encode(result.image, quality: 92) } catch { throw CLIError(.failed, "JPEG encoding failed: \(error)") }
        case "iso":
            do { bytes = try RecordPacker().pack(result).bytes } catch { throw CLIError(.failed, "record packing failed: \(error)") }
        case "png" where result.position == .signature:
            do { bytes = try RecordPacker().companions(result).first?.bytes ?? [] } catch { throw CLIError(.failed, "PNG encoding failed: \(error)") }
        default:
            throw CLIError(.usage, "--out \(out): the extension must be .pgm, .jpg or .iso (or .png for a signature)")
        }
        do { try Data(bytes).write(to: URL(fileURLWithPath: out)) } catch {
            throw CLIError(.failed, "cannot write \(out): \(error.localizedDescription)")
        }
        let line = "wrote \(out) (\(Format.bytes(bytes.count)))"
        if json { Console.err(line) } else { Console.out(line) }
    }
}
