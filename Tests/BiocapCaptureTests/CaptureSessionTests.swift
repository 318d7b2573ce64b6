import BiocapCapture
import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
import BiocapTestSupport
import Synchronization
import Testing

@Suite struct CaptureSessionTests {
    let index = BiometricPosition.finger(.rightIndex)

    private func session(_ device: ScriptedDevice, _ request: CaptureRequest, timeout: TimeoutGate? = nil) -> CaptureSession {
        guard let timeout else { return CaptureSession(device: device, request: request, makeScorer: { ScriptedScorer() }) }
        return CaptureSession(device: device, request: request, makeScorer: { ScriptedScorer() },
                              waitForTimeout: { _ in await timeout.wait() })
    }

    @Test func stopsAtTheFirstFrameReachingTheThreshold() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index],
                                    frames: ScriptedDevice.frames(scores: [10, 30, 70, 90], position: index))
        let seen = Mutex<[Int]>([])
        // A long timeout: on a loaded machine the default one could end the session before frame 2 is scored.
        let request = CaptureRequest(modality: .finger, positions: [index], threshold: 60, timeout: .seconds(600))
        let results = try await session(device, request)
            .run(progress: { progress in seen.withLock { $0.append(progress.views[0].score) } })
        #expect(results.count == 1)
        #expect(results[0].quality.score == 70 && results[0].frameIndex == 2 && !results[0].belowThreshold)
        #expect(seen.withLock { $0 } == [10, 30, 70])
        // Stopping at the threshold ends the device's stream (a bounded wait: it fails if the stream stays open).
        try await device.waitUntilStreamTerminated()
        #expect(await device.streamsTerminated == 1)
    }

    @Test func timeoutKeepsTheBestFrameAndFlagsIt() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index],
                                    frames: ScriptedDevice.frames(scores: [10, 55, 30], position: index))
        let request = CaptureRequest(modality: .finger, positions: [index], threshold: 80)
        let gate = TimeoutGate()
        let results = try await session(device, request, timeout: gate).run(progress: { _ in gate.frameScored(count: 3) })
        #expect(results[0].quality.score == 55 && results[0].belowThreshold && results[0].frameIndex == 1)
        #expect(results[0].framesScored == 3)
    }

    @Test func timeoutWithNoFrameIsAnError() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index], frames: [])
        let request = CaptureRequest(modality: .finger, positions: [index], timeout: .milliseconds(100))
        await #expect(throws: BiocapError.timedOut(device: "scripted-finger", reason: "no frame showed right-index within 0.1 seconds")) {
            try await session(device, request).run()
        }
    }

    @Test func deviceErrorEndsTheCaptureWithThatError() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index],
                                    frames: ScriptedDevice.frames(scores: [10, 20], position: index),
                                    ending: .fail(.deviceDisconnected(device: "scripted-finger")))
        // A long timeout: the error ends the capture as soon as it comes, and on a loaded machine the default 20 s
        // could run out first and turn the error into a below-threshold result.
        await #expect(throws: BiocapError.deviceDisconnected(device: "scripted-finger")) {
            try await session(device, CaptureRequest(modality: .finger, positions: [index], threshold: 90, timeout: .seconds(600))).run()
        }
    }

    @Test func cancellingTheTaskCancelsAndFreesTheDevice() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index],
                                    frames: ScriptedDevice.frames(scores: [10], position: index))
        let capture = session(device, CaptureRequest(modality: .finger, positions: [index], threshold: 90))
        let task = Task { try await capture.run() }
        // The capture is under way: its stream has delivered the only frame and now hangs.
        try await device.waitUntilFrameYielded(index: 0)
        task.cancel()
        await #expect(throws: BiocapError.cancelled) { try await task.value }
        try await device.waitUntilStreamTerminated()
        #expect(await device.streamsTerminated == 1)
        _ = try await device.frames(for: CaptureRequest(modality: .finger, positions: [index]))
    }

    @Test func aSecondCaptureOnABusyDeviceIsRefused() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index], frames: [])
        let first = Task { try await session(device, CaptureRequest(modality: .finger, positions: [index], timeout: .seconds(60))).run() }
        try await device.waitUntilStreamStarted()
        await #expect(throws: BiocapError.deviceBusy(device: "scripted-finger")) {
            try await session(device, CaptureRequest(modality: .finger, positions: [index])).run()
        }
        #expect(await device.streamsStarted == 1, "the refused capture must not start a stream")
        first.cancel()
        await #expect(throws: BiocapError.cancelled) { try await first.value }
    }

    @Test func slapWithAFingerMissingIsReportedNotAccepted() async throws {
        let slap = BiometricPosition.finger(.plainLeftFour)
        let threeFingers = Frame(index: 0, elapsed: .zero, views: [
            FrameView(position: slap, image: .gray(try GrayImage(width: 2, height: 1, pixels: [90, 3]))),
        ])
        let device = ScriptedDevice(modality: .finger, positions: [slap], frames: [threeFingers])
        let request = CaptureRequest(modality: .finger, positions: [slap], threshold: 50)
        let gate = TimeoutGate()
        await #expect(throws: BiocapError.fingersMissing(position: "plain-left-four", expected: 4, found: 3)) {
            try await session(device, request, timeout: gate).run(progress: { _ in gate.frameScored(count: 1) })
        }
        var withException = request
        withException.exceptions = [BiometricException(position: .finger(.leftRing), reason: .amputated)]
        let results = try await session(device, withException).run()
        #expect(results.count == 1 && !results[0].belowThreshold && results[0].quality.score == 90)
    }

    @Test func slapProgressNamesEachFingersScoreByTheLayout() async throws {
        let slap = BiometricPosition.finger(.plainLeftFour)
        let threeFingers = Frame(index: 0, elapsed: .zero, views: [
            FrameView(position: slap, image: .gray(try GrayImage(width: 5, height: 1, pixels: [90, 3, 40, 50, 60]))),
        ])
        let device = ScriptedDevice(modality: .finger, positions: [slap], frames: [threeFingers])
        var request = CaptureRequest(modality: .finger, positions: [slap], threshold: 50)
        request.exceptions = [BiometricException(position: .finger(.leftRing), reason: .amputated)]
        let seen = Mutex<[ViewScore]>([])
        _ = try await session(device, request).run(progress: { progress in seen.withLock { $0 += progress.views } })
        let fingers = seen.withLock { $0 }.first?.fingers
        // The ring is amputated: the three fingers are little, middle, index — not shifted onto the ring.
        #expect(fingers == [FingerScore(position: .leftLittle, score: 40), FingerScore(position: .leftMiddle, score: 50),
                            FingerScore(position: .leftIndex, score: 60)])
    }

    @Test func dualIrisKeepsTheBestViewOfEachEye() async throws {
        let right = BiometricPosition.iris(.right), left = BiometricPosition.iris(.left)
        func frame(_ index: Int, _ r: UInt8, _ l: UInt8) -> Frame {
            Frame(index: index, elapsed: .zero, views: [
                FrameView(position: right, image: .gray(GrayImage(width: 2, height: 2, fill: r))),
                FrameView(position: left, image: .gray(GrayImage(width: 2, height: 2, fill: l))),
            ])
        }
        let device = ScriptedDevice(modality: .iris, positions: [right, left],
                                    frames: [frame(0, 80, 20), frame(1, 30, 75), frame(2, 10, 10)])
        let results = try await session(device, CaptureRequest(modality: .iris, positions: [right, left], threshold: 70)).run()
        #expect(results.map(\.position) == [right, left])
        #expect(results.map(\.quality.score) == [80, 75] && results.map(\.frameIndex) == [0, 1])
    }

    @Test func requestsTheDeviceCannotServeAreInvalid() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index], frames: [])
        await #expect(throws: BiocapError.invalidRequest(field: "modality", reason: "device scripted-finger captures finger, not face")) {
            try await session(device, CaptureRequest(modality: .face, positions: [.face])).run()
        }
        await #expect(throws: BiocapError.invalidRequest(field: "positions", reason: "device scripted-finger cannot capture 'left-index'")) {
            try await session(device, CaptureRequest(modality: .finger, positions: [.finger(.leftIndex)])).run()
        }
        let excepted = CaptureRequest(modality: .finger, positions: [index],
                                      exceptions: [BiometricException(position: index, reason: .bandaged)])
        await #expect(throws: BiocapError.invalidRequest(field: "exceptions", reason: "every requested position is an exception: nothing to capture")) {
            try await session(device, excepted).run()
        }
    }

    @Test func swipeSensorAdvisesSwipingAgainAndSlowerUntilASwipeIsGoodEnough() async throws {
        let tooShort = Frame(index: 0, elapsed: .zero, views: [], guidance: [.swipeSlower])
        let swipes = ScriptedDevice.frames(scores: [30, 90], position: index).map {
            Frame(index: $0.index + 1, elapsed: $0.elapsed, views: $0.views)
        }
        let device = ScriptedDevice(modality: .finger, positions: [index], frames: [tooShort] + swipes, swipe: true)
        let seen = Mutex<[[Guidance]]>([])
        let request = CaptureRequest(modality: .finger, positions: [index], threshold: 60, timeout: .seconds(600))
        let results = try await session(device, request)
            .run(progress: { progress in seen.withLock { $0.append(progress.views[0].guidance) } })
        #expect(results[0].quality.score == 90 && results[0].frameIndex == 2 && !results[0].belowThreshold)
        #expect(results[0].framesScored == 2, "the advice without an image is not scored")
        let guidance = seen.withLock { $0 }
        #expect(guidance.count == 3)
        #expect(guidance[0] == [.swipeSlower])
        #expect(guidance[1].first == .swipeAgain)
        #expect(guidance[2].first != .swipeAgain)
    }

    @Test func pressSensorsGetNoSwipeAdvice() async throws {
        let device = ScriptedDevice(modality: .finger, positions: [index], frames: ScriptedDevice.frames(scores: [30, 90], position: index))
        let seen = Mutex<[[Guidance]]>([])
        let request = CaptureRequest(modality: .finger, positions: [index], threshold: 60, timeout: .seconds(600))
        _ = try await session(device, request).run(progress: { progress in seen.withLock { $0.append(progress.views[0].guidance) } })
        #expect(!seen.withLock { $0 }.joined().contains(.swipeAgain))
    }
}
