import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapEngine
import BiocapSBIProtocol
import Foundation

extension SBIService {
    /// RCAPTURE: checks the request, captures through the capture manager, and answers one signed entry per position
    /// with the hash chain continued from the client's `previousHash`; any refusal or failure is one error entry.
    func capture(_ body: [UInt8]) async -> [UInt8] {
        let request: SBICaptureRequest
        do { request = try SBIJSON.decode(SBICaptureRequest.self, from: body) } catch {
            return failure(SBIErrorInfo(.malformedRequest, "the body is not an RCAPTURE request: \(Self.reason(error))"))
        }
        // A device held by a preview only (a stream) is free for a capture: the capture takes it over.
        var statuses = await devices.statuses()
        for index in statuses.indices where statuses[index].state == .busy {
            if await captures.isPreviewing(deviceID: statuses[index].descriptor.id) { statuses[index].state = .ready }
        }
        let plan: SBICapturePlan
        do { plan = try SBICapturePlan.make(request, environment: settings.environment, statuses: statuses) } catch {
            return failure(error)
        }
        do {
            let results = try await run(plan)
            let made = try SBIRecordMaker.records(for: results, returned: plan.returned)
            return encode(SBICaptureResponse(biometrics: try entries(made, plan: plan)))
        } catch {
            logger.notice("SBI capture refused or failed", metadata: ["device": "\(plan.deviceID)", "code": "\(error.errorCode)",
                                                                      "reason": "\(error.errorInfo)"])
            return failure(error)
        }
    }

    private func failure(_ error: SBIErrorInfo) -> [UInt8] {
        // The entry names the version served; MOSIP's schemas accept no other in an answer.
        encode(SBICaptureResponse(biometrics: [.failure(error, specVersion: SBIConstants.specVersion)]))
    }

    /// Runs the capture to its end and returns its results; the capture's data is dropped from the manager once read
    /// (the client holds it now). Cancelling the task (the client disconnected) cancels the capture.
    private func run(_ plan: SBICapturePlan) async throws(SBIErrorInfo) -> [CaptureResult] {
        // MOSIP's clients keep the device's stream open while they capture: its preview gives the device up, and the
        // stream follows the capture's frames instead.
        var attempt = 0
        var startedCapture: CaptureInfo?
        while startedCapture == nil {
            await captures.endPreview(deviceID: plan.deviceID)
            do {
                startedCapture = try await captures.start(deviceID: plan.deviceID, request: plan.request, caller: "sbi")
            } catch {
                // A stream may have started its next preview in between: end it again, a few times at most.
                attempt += 1
                guard case .deviceBusy = error, attempt < 5, await captures.isPreviewing(deviceID: plan.deviceID) else {
                    throw Self.sbiError(error)
                }
            }
        }
        guard let started = startedCapture else { throw SBIErrorInfo(.captureStopped, "the capture did not start") }
        let id = started.id
        let captures = self.captures
        let finished: CaptureInfo? = await withTaskCancellationHandler {
            guard let events = try? await captures.events(id) else { return nil }
            for await event in events { if case .finished(let info) = event { return info } }
            return try? await captures.info(id)
        } onCancel: {
            Task { _ = try? await captures.cancel(id) }
        }
        guard let finished else { throw SBIErrorInfo(.captureStopped, "the capture ended without a result") }
        guard finished.state == .completed else {
            if let failure = finished.error { throw Self.sbiError(code: failure.code, message: failure.message) }
            throw SBIErrorInfo(.captureStopped, "the capture was \(finished.state.rawValue)")
        }
        do {
            let positions = try await captures.positions(id)
            await captures.discard(id)
            return positions.map(\.result)
        } catch {
            throw SBIErrorInfo(.extractionFailed, "the capture's results are gone: \(error)")
        }
    }

    private func entries(_ made: [SBIRecordMaker.Made], plan: SBICapturePlan) throws(SBIErrorInfo) -> [SBIBiometricEntry] {
        var chain = plan.chain
        let now = Date()
        guard let offered = try? digitalIDJWS(plan: plan, now: now) else {
            throw SBIErrorInfo(.extractionFailed, "the device's digital id could not be signed")
        }
        var entries: [SBIBiometricEntry] = []
        for record in made {
            let payload = SBIBiometricData(
                digitalId: offered.jws, deviceCode: offered.deviceCode, deviceServiceVersion: settings.serviceVersion,
                bioType: plan.kind.type, bioSubType: SBIBioNames.subType(record.position), purpose: SBIConstants.purpose,
                env: settings.environment, bioValue: Base64URL.encode(record.record), transactionId: plan.transactionID,
                timestamp: SBITimestamp.string(now), requestedScore: plan.requestedScore, qualityScore: String(max(0, min(100, record.quality))))
            let data: String
            do { data = try SBIJWS.sign(payload, with: identity) } catch {
                throw SBIErrorInfo(.extractionFailed, "the capture could not be signed: \(error)")
            }
            entries.append(SBIBiometricEntry(specVersion: plan.specVersion, data: data, hash: chain.append(record: record.record),
                                             error: .success))
        }
        return entries
    }

    private func digitalIDJWS(plan: SBICapturePlan, now: Date) throws -> (jws: String, deviceCode: String) {
        let device = OfferedDevice(status: DeviceStatus(descriptor: plan.descriptor, state: .ready), kind: plan.kind)
        return (try SBIJWS.sign(digitalID(device, now: now), with: identity), deviceCode(plan.descriptor))
    }

    /// biocap's capture errors as SBI codes.
    static func sbiError(_ error: BiocapError) -> SBIErrorInfo {
        sbiError(code: error.code, message: error.description)
    }

    static func sbiError(code: String, message: String) -> SBIErrorInfo {
        switch code {
        case "device-busy": SBIErrorInfo(.busy, message)
        case "device-disconnected", "device-not-open": SBIErrorInfo(.notReady, message)
        case "not-found": SBIErrorInfo(.deviceNotFound, message)
        case "capture-timeout", "fingers-missing": SBIErrorInfo(.noBiometricObject, message)
        case "invalid-request": SBIErrorInfo(.invalidField, message)
        case "cancelled", "shutting-down": SBIErrorInfo(.captureStopped, message)
        default: SBIErrorInfo(.deviceFailed, message)
        }
    }
}
