import BiocapCore
import Testing

@Suite struct DeadlineAndAdmissionTests {
    @Test func theOperationWinsWhenItFinishesFirst() async throws {
        let outcome = try await withDeadline({ try await Task.sleep(for: .seconds(600)) }) { 42 }
        guard case .finished(let value) = outcome else { Issue.record("\(outcome)"); return }
        #expect(value == 42)
    }

    @Test func theDeadlineCancelsTheOperation() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        let outcome = try await withDeadline({ continuation.finish() }) { () -> Bool in
            for await _ in stream {}
            // The operation ends only because the deadline came: it sees the cancellation or the finish.
            try await Task.sleep(for: .seconds(600))
            return true
        }
        guard case .deadlinePassed = outcome else { Issue.record("\(outcome)"); return }
    }

    @Test func anErrorOfTheOperationIsRethrown() async {
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            _ = try await withDeadline({ try await Task.sleep(for: .seconds(600)) }) { () throws -> Int in throw Boom() }
        }
    }

    @Test func admissionChecksWantedPositionsAgainstTheDevice() throws {
        let capabilities = DeviceCapabilities(imageWidth: 640, imageHeight: 480, framesPerSecond: 30, positions: [.iris(.left)])
        let camera = DeviceDescriptor(id: "cam", modality: .iris, vendor: "v", model: "m", driver: "uvc", simulated: true,
                                      capabilities: capabilities)
        // Both eyes asked for, the right one excepted: the left-only camera admits it.
        let oneEye = CaptureRequest(modality: .iris, positions: [.iris(.left), .iris(.right)],
                                    exceptions: [BiometricException(position: .iris(.right), reason: .other)])
        #expect(try oneEye.admit(on: camera) == [.iris(.left)])
        #expect(throws: BiocapError.invalidRequest(field: "positions", reason: "device cam cannot capture 'right-iris'")) {
            try CaptureRequest(modality: .iris, positions: [.iris(.right)]).admit(on: camera)
        }
        #expect(throws: BiocapError.self) { try CaptureRequest(modality: .face, positions: [.face]).admit(on: camera) }
        #expect(throws: BiocapError.self) { try CaptureRequest(modality: .iris, positions: []).admit(on: camera) }
    }

    /// One check of exceptions, at capture time (and again when a packet merges captures).
    @Test func exceptionsAreCheckedWhenTheCaptureIsRequested() throws {
        let leftFour = BiometricPosition.finger(.plainLeftFour)
        let conflicting = CaptureRequest(modality: .finger, positions: [leftFour], exceptions: [
            BiometricException(position: .finger(.leftRing), reason: .amputated),
            BiometricException(position: .finger(.leftRing), reason: .bandaged),
        ])
        #expect(throws: BiocapError.invalidRequest(field: "exceptions", reason: "'left-ring' has two different exception reasons (amputated, bandaged)")) {
            try conflicting.validate()
        }
        let repeated = CaptureRequest(modality: .finger, positions: [leftFour], exceptions: [
            BiometricException(position: .finger(.leftRing), reason: .amputated, note: "first"),
            BiometricException(position: .finger(.leftRing), reason: .amputated),
        ])
        #expect(throws: Never.self) { try repeated.validate() }
        #expect(try BiometricException.consolidated(repeated.exceptions).map(\.note) == ["first"])

        let noFingers = CaptureRequest(modality: .finger, positions: [leftFour], exceptions: FingerPosition.plainLeftFour.fingers.map {
            BiometricException(position: .finger($0), reason: .amputated)
        })
        #expect(throws: BiocapError.self, "a slap with every finger excepted is refused, not captured empty") { try noFingers.validate() }
        let slapExcepted = CaptureRequest(modality: .finger, positions: [leftFour, .finger(.plainThumbs)],
                                          exceptions: [BiometricException(position: leftFour, reason: .bandaged)])
        #expect(throws: Never.self) { try slapExcepted.validate() }
    }
}
