import BiocapAPI
import BiocapCore
import BiocapDeviceKit
import Logging

/// Owns the set of devices and their states. Every device runs behind its own actor; this actor only
/// tracks which exist, which are busy, and which have failed, so no global lock is ever held across I/O.
public actor DeviceManager {
    private struct Entry {
        var device: any BiometricDevice
        var descriptor: DeviceDescriptor
        var state: DeviceState
        var lastError: String?
    }

    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private let logger: Logger

    public init(logger: Logger = Logger(label: "biocap.devices")) {
        self.logger = logger
    }

    /// Adds a device and opens it. The device is `opening` until `open()` has finished, then `ready`
    /// (or `error`); if it was unplugged or replaced meanwhile, that later state stands.
    public func add(_ device: any BiometricDevice) async {
        let descriptor = await device.descriptor
        let id = descriptor.id
        if entries[id] == nil { order.append(id) }
        entries[id] = Entry(device: device, descriptor: descriptor, state: .opening)
        let result: Result<DeviceDescriptor, BiocapError>
        do {
            try await device.open()
            result = .success(await device.descriptor)
        } catch {
            result = .failure(error)
        }
        guard let entry = entries[id], entry.device === device, entry.state == .opening else {
            logger.info("device changed while it was opening", metadata: ["device": "\(id)"])
            return
        }
        switch result {
        case .success(let opened):
            entries[id]?.descriptor = opened
            entries[id]?.state = .ready
            logger.info("device ready", metadata: ["device": "\(id)", "driver": "\(descriptor.driver)"])
        case .failure(let error):
            record(error, for: id)
        }
    }

    /// Adds a device that (re)appeared on the bus. A device with the same id that was unplugged is
    /// replaced by the new actor (a new handle on the new address) and opened: no restart needed.
    public func attach(_ device: any BiometricDevice) async {
        let id = await device.descriptor.id
        if let old = entries[id], old.state != .disconnected {
            logger.info("device already attached; keeping it", metadata: ["device": "\(id)"])
            await device.close()
            return
        }
        await add(device)
    }

    /// Marks a device unplugged and closes its actor; its in-flight capture is failed by the caller
    /// (`CaptureManager.abort`). Returns whether the id was known.
    @discardableResult
    public func detach(_ id: String) async -> Bool {
        guard let entry = entries[id] else { return false }
        entries[id]?.state = .disconnected
        entries[id]?.lastError = BiocapError.deviceDisconnected(device: id).description
        logger.warning("device unplugged", metadata: ["device": "\(id)"])
        await entry.device.close()
        return true
    }

    /// Every device in the order it was added.
    public func statuses() -> [DeviceStatus] {
        order.compactMap { id in entries[id].map { DeviceStatus(descriptor: $0.descriptor, state: $0.state, lastError: $0.lastError) } }
    }

    /// One device's status; `notFound` for an unknown id.
    public func status(_ id: String) throws(BiocapError) -> DeviceStatus {
        guard let entry = entries[id] else { throw .notFound(kind: "device", id: id) }
        return DeviceStatus(descriptor: entry.descriptor, state: entry.state, lastError: entry.lastError)
    }

    /// The device actor; `notFound` for an unknown id.
    public func device(_ id: String) throws(BiocapError) -> any BiometricDevice {
        guard let entry = entries[id] else { throw .notFound(kind: "device", id: id) }
        return entry.device
    }

    /// The first device of a modality that is ready, else the first of that modality at all.
    public func device(for modality: Modality) throws(BiocapError) -> String {
        let candidates = order.filter { entries[$0]?.descriptor.modality == modality }
        if let ready = candidates.first(where: { entries[$0]?.state == .ready }) { return ready }
        guard let any = candidates.first else { throw .notFound(kind: "\(modality.rawValue) device", id: "any") }
        return any
    }

    /// Marks a device busy for one caller; throws `deviceBusy` if it already is, or its failure state.
    public func reserve(_ id: String) throws(BiocapError) -> any BiometricDevice {
        guard let entry = entries[id] else { throw .notFound(kind: "device", id: id) }
        switch entry.state {
        case .busy: throw .deviceBusy(device: id)
        case .opening: throw .deviceNotOpen(device: id)
        case .disconnected: throw .deviceDisconnected(device: id)
        case .ready, .error: break
        }
        entries[id]?.state = .busy
        return entry.device
    }

    /// Ends a reservation; an error decides the state the device is left in.
    public func release(_ id: String, error: BiocapError? = nil) {
        guard entries[id] != nil else { return }
        if entries[id]?.state == .disconnected { return }
        if let error, Self.isDeviceFault(error) {
            record(error, for: id)
        } else if entries[id]?.state == .busy {
            entries[id]?.state = .ready
            entries[id]?.lastError = nil
        }
    }

    /// Runs a device's self-test, marking it busy meanwhile.
    public func selfTest(_ id: String) async throws(BiocapError) -> DiagnosticReport {
        let device = try reserve(id)
        do {
            let report = try await device.selfTest()
            release(id)
            return report
        } catch {
            release(id, error: error)
            throw error
        }
    }

    /// Re-opens a device in state `error` or `disconnected` (e.g. after it was plugged back in).
    public func reopen(_ id: String) async throws(BiocapError) {
        guard let entry = entries[id] else { throw .notFound(kind: "device", id: id) }
        do {
            await entry.device.close()
            try await entry.device.open()
            entries[id]?.state = .ready
            entries[id]?.lastError = nil
            entries[id]?.descriptor = await entry.device.descriptor
        } catch {
            record(error, for: id)
            throw error
        }
    }

    /// Closes every device (daemon shutdown).
    public func closeAll() async {
        for id in order {
            guard let device = entries[id]?.device else { continue }
            await device.close()
        }
    }

    private func record(_ failure: BiocapError, for id: String) {
        let state: DeviceState = if case .deviceDisconnected = failure { .disconnected } else { .error }
        entries[id]?.state = state
        entries[id]?.lastError = failure.description
        logger.warning("device failed", metadata: ["device": "\(id)", "error": "\(failure)"])
    }

    /// Errors that say something about the device rather than about the request or the subject.
    private static func isDeviceFault(_ error: BiocapError) -> Bool {
        switch error {
        case .deviceDisconnected, .transferTimeout, .transferStall, .protocolViolation, .deviceFailure, .deviceNotOpen: true
        default: false
        }
    }
}
