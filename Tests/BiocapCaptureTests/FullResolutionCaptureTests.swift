import BiocapCapture
import BiocapCore
import BiocapDeviceTesting
import BiocapImaging
import BiocapTestSupport
import Synchronization
import Testing

/// A face camera's frames are scored reduced (`FrameView.fullResolution` set); the capture's result
/// must still be the frame at full resolution.
@Suite struct FullResolutionCaptureTests {
    /// Records the sizes of the views it is given; scores a view by its first pixel, as `ScriptedScorer` does.
    final class SizeRecordingScorer: FrameScoring, Sendable {
        let seen = Mutex<[String]>([])
        func assess(_ image: CapturedImage, position: BiometricPosition) -> QualityReport {
            QualityReport(modality: position.modality, score: Int(image.gray.pixels[0]), metrics: [], guidance: [])
        }
        func assess(_ view: FrameView) -> QualityReport {
            seen.withLock { $0.append("\(view.image.width)x\(view.image.height) of \(view.fullResolution?.width ?? 0)") }
            return assess(view.image, position: view.position)
        }
    }

    static func frame(index: Int, score: UInt8, fill: UInt8) throws -> Frame {
        let full = RGBImage(width: 64, height: 48, red: fill, green: fill, blue: fill)
        let jpeg = try JPEGCodec.encode(.rgb(full), quality: 95)
        let reduced = RGBImage(width: 32, height: 24, red: score, green: score, blue: score)
        return Frame(index: index, elapsed: .milliseconds(index * 10), views: [
            FrameView(position: .face, image: .rgb(reduced),
                      fullResolution: EncodedImage(encoding: .jpeg, bytes: jpeg, width: 64, height: 48, colour: true)),
        ])
    }

    @Test func theResultIsTheKeptFrameAtFullResolution() async throws {
        let frames = [try Self.frame(index: 0, score: 40, fill: 60), try Self.frame(index: 1, score: 90, fill: 200)]
        let device = ScriptedDevice(modality: .face, positions: [.face], frames: frames)
        let scorer = SizeRecordingScorer()
        let request = CaptureRequest(modality: .face, positions: [.face], threshold: 80, timeout: .seconds(600))
        let results = try await CaptureSession(device: device, request: request, makeScorer: { scorer }).run()
        let result = try #require(results.first)
        #expect(result.frameIndex == 1 && result.quality.score == 90)
        // The gate saw the reduced views, through the stream entry point.
        #expect(scorer.seen.withLock { $0 } == ["32x24 of 64", "32x24 of 64"])
        // The result is frame 1 decoded at full resolution.
        guard case .rgb(let image) = result.image else {
            Issue.record("a colour face")
            return
        }
        #expect(image.width == 64 && image.height == 48)
        #expect(image.pixels.allSatisfy { abs(Int($0) - 200) <= 3 })
    }

    @Test func aKeptFrameThatDoesNotDecodeIsADeviceFailure() async throws {
        var frame = try Self.frame(index: 0, score: 90, fill: 100)
        frame.views[0].fullResolution?.bytes = [0xFF, 0xD8, 0xFF]
        let device = ScriptedDevice(modality: .face, positions: [.face], frames: [frame])
        let request = CaptureRequest(modality: .face, positions: [.face], threshold: 80, timeout: .seconds(600))
        await #expect(throws: BiocapError.self) {
            try await CaptureSession(device: device, request: request, makeScorer: { ScriptedScorer() }).run()
        }
    }
}
