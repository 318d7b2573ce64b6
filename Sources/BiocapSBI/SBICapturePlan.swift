import BiocapAPI
import BiocapCore
import BiocapSBIProtocol

/// An RCAPTURE request checked field by field against the spec and the device, turned into biocap's capture request.
/// Each refusal is the SBI error that names the problem.
struct SBICapturePlan: Sendable {
    var deviceID: String
    var descriptor: DeviceDescriptor
    var kind: SBIDeviceKind
    var request: CaptureRequest
    /// The single positions returned, one `biometrics` entry each, in order.
    var returned: [BiometricPosition]
    var requestedScore: String
    var transactionID: String
    var specVersion: String
    var timeoutMilliseconds: Int
    var chain: SBIHashChain

    /// The longest capture biocap runs (its capture request's limit).
    static let maximumTimeoutMilliseconds = 600_000
    static let defaultRequestedScore = "40"

    /// - Parameters:
    ///   - environment: the device's `env`; a request for another is refused.
    ///   - statuses: the daemon's devices now.
    static func make(_ body: SBICaptureRequest, environment: String, statuses: [DeviceStatus]) throws(SBIErrorInfo) -> SBICapturePlan {
        guard let bios = body.bio, !bios.isEmpty else { throw SBIErrorInfo(.invalidField, "bio is missing or empty") }
        guard bios.count == 1 else { throw SBIErrorInfo(.invalidField, "bio must name one device; this service captures from one device per request") }
        let bio = bios[0]
        guard let env = body.env else { throw SBIErrorInfo(.invalidField, "env is missing") }
        guard env == environment else {
            throw SBIErrorInfo(.invalidEnvironment, "env '\(env.prefix(40))' does not match the device's environment '\(environment)'")
        }
        guard let purpose = body.purpose else { throw SBIErrorInfo(.invalidField, "purpose is missing") }
        guard purpose == SBIConstants.purpose else {
            throw SBIErrorInfo(.invalidPurpose, "purpose '\(purpose.prefix(40))' is not served: this is a Registration device")
        }
        guard let specVersion = body.specVersion else { throw SBIErrorInfo(.invalidField, "specVersion is missing") }
        guard specVersion == SBIConstants.specVersion else {
            throw SBIErrorInfo(.invalidSpecVersion, "specVersion '\(specVersion.prefix(20))' is not served; this device speaks \(SBIConstants.specVersion)")
        }
        guard let timeoutText = body.timeout else { throw SBIErrorInfo(.invalidField, "timeout is missing") }
        guard timeoutText.utf8.count <= 9, timeoutText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let timeout = Int(timeoutText),
              timeout > 0, timeout <= maximumTimeoutMilliseconds else {
            throw SBIErrorInfo(.invalidTimeout, "timeout must be whole milliseconds, 1–\(maximumTimeoutMilliseconds)")
        }
        guard let transactionID = body.transactionId, SBICaptureRequest.isValidTransactionID(transactionID) else {
            throw SBIErrorInfo(.invalidTransactionID, "transactionId must be 4–50 characters of A–Z, a–z, 0–9 and -")
        }
        guard let type = bio.type else { throw SBIErrorInfo(.invalidField, "bio.type is missing") }
        guard ["Finger", "Iris", "Face"].contains(type) else { throw SBIErrorInfo(.invalidField, "bio.type must be Finger, Iris or Face") }
        guard let deviceID = bio.deviceId, !deviceID.isEmpty else { throw SBIErrorInfo(.invalidField, "bio.deviceId is missing") }
        guard let status = statuses.first(where: { $0.descriptor.id == deviceID }), let kind = SBIDeviceKind(status.descriptor) else {
            throw SBIErrorInfo(.deviceNotFound, "no device '\(deviceID.prefix(60))'")
        }
        guard kind.type == type else {
            throw SBIErrorInfo(.deviceNotFound, "device '\(deviceID)' is a \(kind.type) device, not \(type)")
        }
        guard let subID = bio.deviceSubId else { throw SBIErrorInfo(.invalidField, "bio.deviceSubId is missing") }
        guard kind.subIDs(status.descriptor).contains(subID) else {
            throw SBIErrorInfo(.invalidDeviceSubID, "deviceSubId '\(subID.prefix(8))' is not one of \(kind.subIDs(status.descriptor).joined(separator: ", ")) for this \(kind.subType) device")
        }
        guard let countText = bio.count else { throw SBIErrorInfo(.invalidField, "bio.count is missing") }
        guard let count = Int(countText), count >= 0 else { throw SBIErrorInfo(.invalidField, "bio.count must be a whole number") }
        let requestedScore = bio.requestedScore ?? defaultRequestedScore
        guard let score = Double(requestedScore), score >= 0, score <= 100, isScoreText(requestedScore) else {
            throw SBIErrorInfo(.invalidField, "bio.requestedScore must be a number 0–100")
        }
        guard Set(bio.exception).count == bio.exception.count, Set(bio.bioSubType).count == bio.bioSubType.count else {
            throw SBIErrorInfo(.invalidBioSubType, "bioSubType and exception must not repeat a name")
        }
        let chain = try SBIHashChain(previousHash: bio.previousHash)
        let layout = try positions(kind: kind, subID: subID, count: count, bio: bio, descriptor: status.descriptor)
        switch status.state {
        case .ready: break
        case .busy: throw SBIErrorInfo(.busy, "device '\(deviceID)' is busy with another capture")
        case .opening, .error, .disconnected:
            throw SBIErrorInfo(.notReady, "device '\(deviceID)' is not ready (\(status.state.rawValue)\(status.lastError.map { ": \($0)" } ?? ""))")
        }
        let request = CaptureRequest(modality: status.descriptor.modality, positions: layout.requested,
                                     threshold: Int(score.rounded(.up)), timeout: .milliseconds(timeout),
                                     exceptions: layout.excepted.map { BiometricException(position: $0, reason: .missing, note: "SBI exception") })
        return SBICapturePlan(deviceID: deviceID, descriptor: status.descriptor, kind: kind, request: request, returned: layout.returned, requestedScore: requestedScore,
                              transactionID: transactionID, specVersion: specVersion, timeoutMilliseconds: timeout, chain: chain)
    }

    private struct Layout {
        var requested: [BiometricPosition]
        var excepted: [BiometricPosition]
        var returned: [BiometricPosition]
    }

    /// What to capture for a sub-id: the count must equal the positions the sub-id holds minus the exceptions.
    private static func positions(kind: SBIDeviceKind, subID: String, count: Int, bio: SBICaptureRequest.Bio,
                                  descriptor: DeviceDescriptor) throws(SBIErrorInfo) -> Layout {
        switch kind {
        case .slapScanner:
            let slap: FingerPosition = switch subID {
            case "1": .plainLeftFour
            case "2": .plainRightFour
            default: .plainThumbs
            }
            let excepted = try fingers(bio.exception, within: slap, field: "exception")
            _ = try fingers(bio.bioSubType, within: slap, field: "bioSubType")
            let remaining = slap.fingers.filter { !excepted.contains($0) }
            guard count == remaining.count, count > 0 else {
                throw SBIErrorInfo(.countNotSupported, "count \(count) with \(excepted.count) exception(s): this slap holds \(slap.fingers.count) fingers, so count must be \(slap.fingers.count - excepted.count) and at least 1")
            }
            return Layout(requested: [.finger(slap)], excepted: excepted.map { .finger($0) }, returned: remaining.map { .finger($0) })
        case .singleFinger:
            guard bio.exception.isEmpty else { throw SBIErrorInfo(.countNotSupported, "a single-finger device takes no exceptions") }
            guard count == 1 else { throw SBIErrorInfo(.countNotSupported, "a single-finger device captures count 1") }
            guard bio.bioSubType.count <= 1 else { throw SBIErrorInfo(.countNotSupported, "a single-finger device captures one finger") }
            let supported = descriptor.capabilities.positions
            let finger: FingerPosition
            if let name = bio.bioSubType.first {
                guard let named = SBIBioNames.finger(name) else { throw SBIErrorInfo(.invalidBioSubType, "'\(name.prefix(40))' is not a finger") }
                finger = named
            } else if supported.contains(.finger(.unknown)) {
                finger = .unknown
            } else if case .finger(let first)? = supported.first {
                finger = first
            } else {
                throw SBIErrorInfo(.deviceNotFound, "the device offers no finger position")
            }
            guard supported.contains(.finger(finger)) else {
                throw SBIErrorInfo(.invalidBioSubType, "this device cannot capture '\(SBIBioNames.name(finger))'")
            }
            return Layout(requested: [.finger(finger)], excepted: [], returned: [.finger(finger)])
        case .irisDouble, .irisSingle:
            let held: [EyePosition] = switch subID {
            case "1": [.left]
            case "2": [.right]
            case "3": [.right, .left]
            default: descriptor.capabilities.positions.compactMap { if case .iris(let eye) = $0 { eye } else { nil } }.prefix(1).map { $0 }
            }
            var excepted: [EyePosition] = []
            for name in bio.exception {
                guard let eye = SBIBioNames.eye(name), held.contains(eye) else {
                    throw SBIErrorInfo(.invalidBioSubType, "exception '\(name.prefix(40))' is not an eye of deviceSubId \(subID)")
                }
                excepted.append(eye)
            }
            for name in bio.bioSubType {
                guard let eye = SBIBioNames.eye(name), eye == .undefined || held.contains(eye) else {
                    throw SBIErrorInfo(.invalidBioSubType, "bioSubType '\(name.prefix(40))' is not an eye of deviceSubId \(subID)")
                }
            }
            let remaining = held.filter { !excepted.contains($0) }
            guard count == remaining.count, count > 0 else {
                throw SBIErrorInfo(.countNotSupported, "count \(count) with \(excepted.count) exception(s): deviceSubId \(subID) holds \(held.count) eye(s)")
            }
            // A single-eye sub-id captures only that eye; an excepted eye is simply not requested.
            return Layout(requested: remaining.map { .iris($0) }, excepted: [], returned: remaining.map { .iris($0) })
        case .face:
            // An exception photo is a face capture that names the excepted fingers or eyes; they do not change the capture.
            guard count == 1 else { throw SBIErrorInfo(.countNotSupported, "a face device captures count 1") }
            return Layout(requested: [.face], excepted: [], returned: [.face])
        }
    }

    private static func fingers(_ names: [String], within slap: FingerPosition, field: String) throws(SBIErrorInfo) -> [FingerPosition] {
        var result: [FingerPosition] = []
        for name in names {
            guard let finger = SBIBioNames.finger(name), slap.fingers.contains(finger) else {
                throw SBIErrorInfo(.invalidBioSubType, "\(field) '\(name.prefix(40))' is not a finger of this slap")
            }
            result.append(finger)
        }
        return result
    }

    /// The score pattern MOSIP's schema allows: `100`, `100.0`, `0`–`99` with an optional fraction.
    static func isScoreText(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 3,
              whole.allSatisfy(\.isASCIIDigit) else { return false }
        if parts.count == 2 { guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit) else { return false } }
        if whole.count == 3 { return whole == "100" && (parts.count == 1 || parts[1].allSatisfy { $0 == "0" }) }
        return true
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
