import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
import Synchronization
import Testing

/// How a signature capture ends: the pen lifted, finish, clear, the timeout, an unplugged pad, a cancel.
@Suite("Signature session")
struct SignatureSessionTests {
    static let blank: @Sendable (SignatureTrace) -> CapturedImage = { _ in .gray(GrayImage(width: 2, height: 2, fill: 255)) }

    /// A long timeout by default: a loaded machine must not turn a test of finish or clear into a test of the timeout.
    func request(timeout: Duration = .seconds(600), penUp: Duration? = nil) -> CaptureRequest {
        CaptureRequest(modality: .signature, positions: [.signature], threshold: 40, timeout: timeout, penUpTimeout: penUp)
    }

    /// Runs a session with a command channel; returns the ending.
    func run(_ pad: ScriptedPad, _ request: CaptureRequest, commands: AsyncStream<SignatureSession.Command> = AsyncStream { _ in },
             progress: @escaping @Sendable (CaptureProgress) -> Void = { _ in }) async -> SignatureSession.Ending {
        await SignatureSession(pad: pad, request: request, render: Self.blank, tick: .milliseconds(20)).run(commands: commands, progress: progress)
    }

    @Test("the pen lifted for the pen-up time on the pad's clock ends the capture with the signature trimmed")
    func penUpOnDeviceClock() async throws {
        // 3 strokes, then 3.5 s of hovering (700 samples at 5 ms): the default 3 s pen-up ends it.
        let pad = ScriptedPad(samples: ScriptedPad.strokes(3, hoverAfter: 700))
        let ending = await run(pad, request())
        guard case .completed(let result) = ending else { Issue.record("ended \(ending)"); return }
        let trace = try #require(result.signature)
        #expect(trace.strokes.count == 3)
        #expect(trace.samples.first?.time == .zero)
        // Trimmed: one hover sample before the first touch and one after the last, not the 3 s of hovering.
        let expectedCount = 3 * 120 + 2 * 20 + 1
        #expect(trace.samples.count == expectedCount)
        #expect(result.quality.modality == .signature)
        #expect(result.framesScored > trace.samples.count)
        #expect(await pad.prompts == [.signHere, .blank])
        #expect(pad.streamsTerminated == 1)
    }

    @Test("a pen that leaves the pad's range (no more samples) ends it on the host's clock")
    func penLeftRange() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(2, hoverAfter: 1))
        let ending = await run(pad, request(penUp: .milliseconds(300)))
        guard case .completed(let result) = ending else { Issue.record("ended \(ending)"); return }
        #expect(result.signature?.strokes.count == 2)
    }

    @Test("finish ends at once with what was written; with nothing written it is signature-empty")
    func finish() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(2))
        let (commands, control) = AsyncStream<SignatureSession.Command>.makeStream()
        let samples = 2 * 140
        let ending = await run(pad, request(penUp: .seconds(60)), commands: commands, progress: { progress in
            if progress.frameIndex + 1 >= samples { control.yield(.finish) }
        })
        guard case .completed(let result) = ending else { Issue.record("ended \(ending)"); return }
        #expect(result.signature?.strokes.count == 2)

        let empty = ScriptedPad(samples: [])
        let (none, finishNow) = AsyncStream<SignatureSession.Command>.makeStream()
        finishNow.yield(.finish)
        #expect(await run(empty, request(), commands: none) == .failed(.signatureEmpty(device: "scripted-signature")))
    }

    @Test("clear throws away what was written and prompts again")
    func clear() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(2))
        let (commands, control) = AsyncStream<SignatureSession.Command>.makeStream()
        let ending = await run(pad, request(penUp: .seconds(60)), commands: commands, progress: { progress in
            if progress.frameIndex + 1 >= 2 * 140 {
                control.yield(.clear)
                control.yield(.finish)
            }
        })
        #expect(ending == .failed(.signatureEmpty(device: "scripted-signature")))
        #expect(await pad.prompts == [.signHere, .blank, .signHere, .blank])
    }

    @Test("the timeout with nothing written fails; with ink and the pen still down it keeps the signature")
    func timeout() async throws {
        let idle = ScriptedPad(samples: [])
        let failed = await run(idle, request(timeout: .milliseconds(200)))
        guard case .failed(.timedOut) = failed else { Issue.record("ended \(failed)"); return }

        // Pen down and still: the last sample touches, so pen-up never comes; the timeout takes what there is.
        let still = ScriptedPad(samples: Array(ScriptedPad.strokes(3).dropLast(20)))
        let ending = await run(still, request(timeout: .milliseconds(300)))
        guard case .completed(let result) = ending else { Issue.record("ended \(ending)"); return }
        #expect(result.signature?.strokes.count == 3)
    }

    @Test("a pad unplugged mid-signature ends with device-disconnected and keeps what was written")
    func unplugged() async throws {
        let gone = BiocapError.deviceDisconnected(device: "scripted-signature")
        let pad = ScriptedPad(samples: ScriptedPad.strokes(2), ending: .fail(gone))
        let ending = await run(pad, request())
        guard case .interrupted(let error, let partial) = ending else { Issue.record("ended \(ending)"); return }
        #expect(error == gone)
        #expect(partial.signature?.strokes.count == 2)

        let early = ScriptedPad(samples: [], ending: .fail(gone))
        #expect(await run(early, request()) == .failed(gone))
    }

    @Test("cancelling the task cancels the capture, frees the pad and hands back what was written")
    func cancel() async throws {
        let pad = ScriptedPad(samples: ScriptedPad.strokes(1))
        let (written, wrote) = AsyncStream<Void>.makeStream()
        let task = Task {
            await run(pad, request(penUp: .seconds(60)), progress: { progress in
                if progress.frameIndex + 1 >= 140 { wrote.yield() }
            })
        }
        for await _ in written { break }
        task.cancel()
        guard case .interrupted(.cancelled, let partial) = await task.value else { Issue.record("not interrupted"); return }
        #expect(partial.signature?.strokes.count == 1)
        #expect(pad.streamsTerminated == 1)

        let idle = ScriptedPad(samples: [])
        let nothing = Task { await run(idle, request()) }
        try await Task.sleep(for: .milliseconds(50))
        nothing.cancel()
        #expect(await nothing.value == .failed(.cancelled))
    }

    @Test("live advice never says 'sign again' mid-signature, and says 'touch the pad' after a second of hovering")
    func liveGuidance() async throws {
        let seen = Mutex<[Guidance]>([])
        let pad = ScriptedPad(samples: ScriptedPad.strokes(3, hoverAfter: 700))
        _ = await run(pad, request(), progress: { progress in seen.withLock { $0 += progress.views.flatMap(\.guidance) } })
        #expect(!seen.withLock { $0 }.contains(.signAgain))

        let hoverOnly = (0..<400).map { PenPoint(x: 5_000 + $0, y: 3_000, pressure: 0, tip: false, time: .milliseconds(5 * $0)) }
        let hovering = ScriptedPad(samples: hoverOnly)
        let advice = Mutex<[(Duration, [Guidance])]>([])
        _ = await run(hovering, request(timeout: .milliseconds(400)), progress: { progress in
            advice.withLock { $0.append((progress.elapsed, progress.views.flatMap(\.guidance))) }
        })
        let events = advice.withLock { $0 }
        #expect(events.filter { $0.0 < .seconds(1) }.allSatisfy { $0.1.isEmpty })
        #expect(events.contains { $0.0 >= .seconds(1) && $0.1 == [.pressOnPad] })
    }

    @Test("a request for another modality is refused before the pad is touched")
    func wrongModality() async {
        let pad = ScriptedPad(samples: [])
        let face = CaptureRequest(modality: .face, positions: [.face])
        guard case .failed(.invalidRequest) = await SignatureSession(pad: pad, request: face, render: Self.blank).run(commands: AsyncStream { _ in }) else {
            Issue.record("accepted a face request")
            return
        }
        #expect(await pad.streamsStarted == 0)
    }
}
