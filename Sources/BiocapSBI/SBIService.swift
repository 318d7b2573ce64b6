import BiocapAPI
import BiocapCore
import BiocapEngine
import BiocapSBIProtocol
import Foundation
import Logging

/// Answers SBI requests over biocap's device and capture managers, the same ones the Unix-socket API uses (a
/// capture through one makes the device busy for the other). Stateless apart from those actors: any task may call it.
public struct SBIService: Sendable {
    let devices: DeviceManager
    let captures: CaptureManager
    let identity: SBIDeviceIdentity
    let settings: SBISettings
    let logger: Logger

    /// - Parameter identity: the device key and certificate every JWS is signed with.
    public init(devices: DeviceManager, captures: CaptureManager, identity: SBIDeviceIdentity, settings: SBISettings,
                logger: Logger = Logger(label: "biocap.sbi")) {
        self.devices = devices
        self.captures = captures
        self.identity = identity
        self.settings = settings
        self.logger = logger
    }

    /// How an answer went out: a complete response, or a stream already written (the connection closes after it).
    enum Answer: Sendable {
        case response(SBIHTTPResponse)
        case streamed
    }

    /// Answers one request. `write` sends bytes on the connection (used directly by `STREAM`, whose parts follow
    /// one another); cancelling the calling task (the client went away) cancels a running capture or stream.
    func answer(_ request: SBIHTTPRequest, port: Int, write: @escaping @Sendable ([UInt8]) async throws -> Void) async -> Answer {
        switch request.method {
        case "OPTIONS":
            return .response(SBICORS.preflight())
        case "MOSIPDISC":
            return .response(.json(await discover(request.body, port: port)))
        case "MOSIPDINFO":
            return .response(.json(await info(port: port)))
        case "RCAPTURE":
            return .response(.json(await capture(request.body)))
        case "STREAM":
            return await stream(request.body, port: port, write: write)
        case "CAPTURE":
            let entry = SBIBiometricEntry.failure(SBIErrorInfo(.unsupportedRequest, "CAPTURE is for Auth devices; this is a Registration device: use RCAPTURE"))
            return .response(.json(encode(SBICaptureResponse(biometrics: [entry]))))
        default:
            var response = SBIHTTPResponse.json(encode(SBIErrorDocument(error: SBIErrorInfo(
                .unsupportedRequest, "method '\(request.method.prefix(20))' is not an SBI verb (\(SBIConstants.verbs.joined(separator: ", ")))"))),
                status: 405)
            response.headers.append(("Allow", SBIConstants.verbs.joined(separator: ", ")))
            return .response(response)
        }
    }

    // MARK: Discovery and device info

    func discover(_ body: [UInt8], port: Int) async -> [UInt8] {
        let type: String
        do {
            type = try SBIJSON.decode(SBIDiscoverRequest.self, from: body.isEmpty ? Array("{}".utf8) : body).type
        } catch {
            return encode([SBIErrorDocument(error: SBIErrorInfo(.malformedRequest, "the body must be {\"type\": …}: \(Self.reason(error))"))])
        }
        guard SBIDiscoverRequest.types.contains(type) else {
            return encode([SBIErrorDocument(error: SBIErrorInfo(.invalidDeviceType, "type must be one of \(SBIDiscoverRequest.types.joined(separator: ", "))"))])
        }
        let now = Date()
        let found = await offered().filter { type == "Biometric Device" || $0.kind.type == type }.map { device in
            SBIDiscoveredDevice(
                deviceId: device.status.descriptor.id, deviceStatus: Self.statusText(device.status.state), certification: "L0",
                serviceVersion: settings.serviceVersion, deviceSubId: device.kind.subIDs(device.status.descriptor),
                callbackId: Self.callback(port), digitalId: Base64URL.encode(encode(digitalID(device, now: now))),
                deviceCode: deviceCode(device.status.descriptor), specVersion: [SBIConstants.specVersion],
                purpose: SBIConstants.purpose, error: .success)
        }
        return encode(found)
    }

    func info(port: Int) async -> [UInt8] {
        let now = Date()
        var entries: [SBIDeviceInfoEntry] = []
        for device in await offered() {
            let descriptor = device.status.descriptor
            do {
                let info = SBIDeviceInfo(
                    deviceStatus: Self.statusText(device.status.state), deviceId: descriptor.id,
                    firmware: descriptor.firmware ?? "unknown", certification: "L0", serviceVersion: settings.serviceVersion,
                    deviceSubId: device.kind.subIDs(descriptor), callbackId: Self.callback(port),
                    digitalId: try SBIJWS.sign(digitalID(device, now: now), with: identity), deviceCode: deviceCode(descriptor),
                    env: settings.environment, purpose: SBIConstants.purpose, specVersion: [SBIConstants.specVersion])
                let error: SBIErrorInfo = switch device.status.state {
                case .ready: .success
                case .busy: SBIErrorInfo(.busy)
                case .opening, .error, .disconnected: SBIErrorInfo(.notReady)
                }
                entries.append(SBIDeviceInfoEntry(deviceInfo: try SBIJWS.sign(info, with: identity), error: error))
            } catch {
                logger.error("SBI device info not signed", metadata: ["device": "\(descriptor.id)", "error": "\(error)"])
                entries.append(SBIDeviceInfoEntry(deviceInfo: nil, error: SBIErrorInfo(.notRegistered, "device info could not be signed")))
            }
        }
        return encode(entries)
    }

    struct OfferedDevice: Sendable {
        var status: DeviceStatus
        var kind: SBIDeviceKind
    }

    /// The devices SBI offers (every one but signature pads), in the daemon's order.
    func offered() async -> [OfferedDevice] {
        await devices.statuses().compactMap { status in SBIDeviceKind(status.descriptor).map { OfferedDevice(status: status, kind: $0) } }
    }

    func digitalID(_ device: OfferedDevice, now: Date) -> SBIDigitalID {
        let descriptor = device.status.descriptor
        return SBIDigitalID(serialNo: deviceCode(descriptor), make: descriptor.vendor, model: descriptor.model, type: device.kind.type,
                            deviceSubType: device.kind.subType, deviceProvider: settings.deviceProvider,
                            deviceProviderId: settings.deviceProviderID, dateTime: SBITimestamp.string(now))
    }

    func deviceCode(_ descriptor: DeviceDescriptor) -> String {
        if let serial = descriptor.serial, !serial.isEmpty { return serial }
        return descriptor.id
    }

    static func statusText(_ state: DeviceState) -> String {
        switch state {
        case .ready: "Ready"
        case .busy: "Busy"
        case .opening, .error, .disconnected: "Not Ready"
        }
    }

    static func callback(_ port: Int) -> String { "http://127.0.0.1:\(port)/" }

    // MARK: Helpers

    func encode(_ value: some Encodable) -> [UInt8] {
        do { return try SBIJSON.encode(value) } catch {
            logger.error("SBI answer not encoded", metadata: ["error": "\(error)"])
            return Array(#"{"error":{"errorCode":"512","errorInfo":"internal encoding failure"}}"#.utf8)
        }
    }

    /// A decoding error in words a client can act on (no Swift type names).
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "'\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "not valid JSON" : "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is invalid"
        default: "not valid JSON"
        }
    }
}
