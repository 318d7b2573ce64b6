import BiocapCore
import BiocapDeviceKit

/// DigitalPersona U.are.U 4000/4000B/4500 and the Microsoft fingerprint readers built on them
/// (libfprint's uru4000): an optical press sensor, 384 × 290 pixels.
///
/// State machine (README.md has the details): `open` = queue an interrupt read, read the hardware
/// status, cycle a confused device's power, enter low power, power up (answering the challenge of
/// second-generation Microsoft readers), wait for the "scan power on" report (300 ms, the whole
/// sequence tried three times), read the device info → `waitForFinger` = (after a capture: wait for
/// the finger to be lifted) mode "await finger", wait for the "finger on" report → `captureImage` =
/// queue the image read, mode "capture", read the frame, fetch the image key through registers
/// 0x33/0x34 (again at every block flagged "change key"), descramble, assemble, mode "await finger
/// off" → `close` = mode "off", cancel the interrupt read.
public struct URU4000Driver: FingerprintSensorDriver {
    public static let name = "uru4000"
    public static let vendor = "DigitalPersona / Microsoft"
    public static let models = URU4000IDTable.models
    /// DigitalPersona's published resolution for the U.are.U 4000B/4500 (README.md).
    public static let ppi = 512
    public static let capabilities = DeviceCapabilities(
        imageWidth: URU4000ImageFrame.width, imageHeight: URU4000ImageFrame.maximumLines, ppi: ppi,
        framesPerSecond: 1, positions: singleFingerPositions)

    /// Control transfers: libfprint's 5 s.
    public var controlTimeout: Duration = .seconds(5)
    /// The image read after mode "capture" (libfprint waits without limit; the frame follows at once).
    public var imageTimeout: Duration = .seconds(5)
    /// How long the "scan power on" report may take after power-up before the sequence is tried again.
    public var powerOnReportTimeout: Duration = .milliseconds(300)
    /// Pause between hardware-status polls while the power comes up.
    public var powerPollInterval: Duration = .milliseconds(10)

    public let profile: URU4000Profile
    public let seedSource: URU4000SeedSource
    /// The 16 bytes of register 0xF0 read by the last `open`.
    public private(set) var deviceInfo: [UInt8]?
    /// Seeds written to register 0x33, in order, since the last `open`.
    public private(set) var seedsSent: [UInt32] = []
    /// Image keys (key number, key) fetched since the last `open`.
    public private(set) var keysFetched: [(number: UInt8, key: UInt32)] = []
    /// The last frame as it came from the device, before descrambling.
    public private(set) var lastFrame: URU4000ImageFrame?

    private var seeds: URU4000SeedSequence
    private var listener: URU4000InterruptListener?
    /// Set by a capture: the next wait for a finger first waits for this one to be lifted.
    private var awaitingFingerOff = false

    /// The U.are.U 4000B/4500 profile with random seeds (the registry picks the profile by USB ID).
    public init() {
        self.init(profile: .uareu4000B, seedSource: .systemRandom)
    }

    public init(profile: URU4000Profile, seedSource: URU4000SeedSource) {
        self.profile = profile
        self.seedSource = seedSource
        seeds = seedSource.makeSequence()
    }

    // MARK: FingerprintSensorDriver

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        await listener?.stop()
        let listener = URU4000InterruptListener(transport: io.transport)
        self.listener = listener
        listener.start()
        seeds = seedSource.makeSequence()
        seedsSent = []
        keysFetched = []
        awaitingFingerOff = false
        do {
            try await powerOn(io, listener)
            deviceInfo = try await readRegisters(io, URU4000WireFormat.Register.deviceInfo, count: URU4000WireFormat.Register.deviceInfoLength)
        } catch {
            await stopListening()
            throw error
        }
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        do {
            try await awaitFinger(io, until: deadline)
        } catch {
            await stopListening()
            throw error
        }
    }

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        do {
            return try await capture(io)
        } catch {
            await stopListening()
            throw error
        }
    }

    public mutating func close(_ io: SensorIO) async {
        do {
            try await writeRegister(io, URU4000WireFormat.Register.mode, URU4000WireFormat.Mode.off)
        } catch {
            // The device may already be gone; closing goes on regardless.
        }
        await stopListening()
    }

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await open(io)
        guard let info = deviceInfo else { return "powered up" }
        return "powered up, versions " + URU4000Driver.hex(info[10...11]) + " and " + URU4000Driver.hex(info[4...5])
    }

    /// A failed step leaves the device to be re-initialised: no read stays queued meanwhile.
    private mutating func stopListening() async {
        await listener?.stop()
        listener = nil
    }

    // MARK: Finger and image

    private mutating func awaitFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        let listener = try runningListener()
        let report = URU4000WireFormat.Interrupt.self
        if awaitingFingerOff {
            guard try await wait(for: report.fingerOff, on: listener, until: deadline) else {
                throw .noFinger("the finger from the last capture was not lifted before the capture timeout")
            }
            awaitingFingerOff = false
        }
        try await writeRegister(io, URU4000WireFormat.Register.mode, URU4000WireFormat.Mode.awaitFingerOn)
        guard try await wait(for: report.fingerOn, on: listener, until: deadline) else {
            throw .noFinger("no finger on the sensor before the capture timeout")
        }
    }

    private mutating func capture(_ io: SensorIO) async throws(FingerprintDriverError) -> GrayImage {
        _ = try runningListener()
        let register = URU4000WireFormat.Register.self
        var seed = seeds.next()
        let bytes = try await readFrame(io)
        let frame = try URU4000ImageFrame(transfer: bytes)
        lastFrame = frame
        var decoder = URU4000ImageDecoder(frame: frame)
        var step = decoder.start()
        var exchanges = 0
        while case .needsKey(let keyNumber) = step {
            if exchanges > 0 { seed = seeds.next() }
            exchanges += 1
            let key = try await fetchKey(io, keyNumber: keyNumber, seed: seed)
            step = try decoder.decrypt(key: key)
        }
        let pixels = try decoder.image(rotated: profile.rotatesImage)
        try await writeRegister(io, register.mode, URU4000WireFormat.Mode.awaitFingerOff)
        awaitingFingerOff = true
        do {
            return try GrayImage(width: URU4000ImageFrame.width, height: URU4000ImageFrame.maximumLines, pixels: pixels, ppi: Self.ppi)
        } catch {
            throw .protocolViolation("image assembly: \(error)")
        }
    }

    // MARK: Power

    /// libfprint's init: up to three tries of status → (power reboot) → low power → power up → wait
    /// for "scan power on". A report that came early (during power-up) counts.
    private func powerOn(_ io: SensorIO, _ listener: URU4000InterruptListener) async throws(FingerprintDriverError) {
        let status = URU4000WireFormat.HardwareStatus.self
        let attempts = 3
        for attempt in 1...attempts {
            var hardwareStatus = try await readRegister(io, URU4000WireFormat.Register.hardwareStatus)
            if hardwareStatus & status.needsPowerReboot == status.needsPowerReboot {
                hardwareStatus = try await rebootPower(io, from: hardwareStatus)
            }
            if hardwareStatus & status.lowPower == 0 {
                try await writeRegister(io, URU4000WireFormat.Register.hardwareStatus, hardwareStatus | status.lowPower)
            }
            try await powerUp(io, from: hardwareStatus)
            let deadline = ContinuousClock.now + powerOnReportTimeout
            if try await wait(for: URU4000WireFormat.Interrupt.scanPowerOn, on: listener, until: deadline) { return }
            if attempt == attempts { break }
        }
        throw .transfer(.timeout(endpoint: URU4000WireFormat.interruptEndpoint))
    }

    /// A device left in status 0x84 by a previous session: write the low nibble back and poll (100
    /// reads, 10 ms apart) until bit 0 says it is ready. Returns the last status read.
    private func rebootPower(_ io: SensorIO, from hardwareStatus: UInt8) async throws(FingerprintDriverError) -> UInt8 {
        let status = URU4000WireFormat.HardwareStatus.self
        try await writeRegister(io, URU4000WireFormat.Register.hardwareStatus, hardwareStatus & status.writableBits)
        let polls = 100
        for poll in 1...polls {
            let current = try await readRegister(io, URU4000WireFormat.Register.hardwareStatus)
            if current & status.ready != 0 { return current }
            if poll < polls { try await io.pause(powerPollInterval) }
        }
        throw .protocolViolation("could not reboot the device's power (hardware status never became ready)")
    }

    /// Leaves low power: write the status's low nibble and read it back until bit 7 clears (100 tries,
    /// 10 ms apart; second-generation Microsoft readers answer their challenge between tries).
    private func powerUp(_ io: SensorIO, from hardwareStatus: UInt8) async throws(FingerprintDriverError) {
        let status = URU4000WireFormat.HardwareStatus.self
        let tries = 100
        for attempt in 1...tries {
            try await writeRegister(io, URU4000WireFormat.Register.hardwareStatus, hardwareStatus & status.writableBits)
            let current = try await readRegister(io, URU4000WireFormat.Register.hardwareStatus)
            if current & status.lowPower == 0 { return }
            if attempt == tries { break }
            try await io.pause(powerPollInterval)
            if profile.needsChallengeResponse { try await answerChallenge(io) }
        }
        throw .protocolViolation("could not power the device up (hardware status stayed in low power)")
    }

    private func answerChallenge(_ io: SensorIO) async throws(FingerprintDriverError) {
        let register = URU4000WireFormat.Register.self
        let challenge = try await readRegisters(io, register.challenge, count: register.challengeLength)
        try await writeRegisters(io, register.challengeResponse, URU4000Challenge.response(to: challenge))
    }

    // MARK: Capture

    /// Queues the image read, then switches to mode "capture" (the device sends the frame at once).
    private func readFrame(_ io: SensorIO) async throws(FingerprintDriverError) -> [UInt8] {
        let transport = io.transport, timeout = imageTimeout
        let read = Task { () async -> Result<[UInt8], USBTransferError> in
            do throws(USBTransferError) {
                return .success(try await transport.bulkRead(
                    endpoint: URU4000WireFormat.imageEndpoint, length: URU4000ImageFrame.transferLength, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
        do {
            try await writeRegister(io, URU4000WireFormat.Register.mode, URU4000WireFormat.Mode.capture)
        } catch {
            read.cancel()
            _ = await read.value
            throw error
        }
        let outcome = await withTaskCancellationHandler { await read.value } onCancel: { read.cancel() }
        switch outcome {
        case .success(let bytes): return bytes
        case .failure(let error): throw .transfer(error)
        }
    }

    /// Writes the key number and `seed` to register 0x33, reads register 0x34: the key is what it
    /// answers XOR the seed.
    private mutating func fetchKey(_ io: SensorIO, keyNumber: UInt8, seed: UInt32) async throws(FingerprintDriverError) -> UInt32 {
        let register = URU4000WireFormat.Register.self
        var index = [keyNumber]
        index.append(seed, .littleEndian)
        try await writeRegisters(io, register.scrambleDataIndex, index)
        seedsSent.append(seed)
        let answer = try await readRegisters(io, register.scrambleDataKey, count: 4)
        let key = (answer.integer(UInt32.self, at: 0, .littleEndian) ?? 0) ^ seed
        keysFetched.append((keyNumber, key))
        return key
    }

    // MARK: Interrupts

    private func runningListener() throws(FingerprintDriverError) -> URU4000InterruptListener {
        guard let listener else { throw .protocolViolation("the sensor is not open (no interrupt read queued)") }
        return listener
    }

    /// Waits for a report of `type`, skipping others; false when `deadline` passes first.
    private func wait(for type: UInt16, on listener: URU4000InterruptListener, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> Bool {
        while true {
            switch await listener.next(until: deadline) {
            case .interrupt(let received)? where received == type: return true
            case .interrupt?: continue
            case .failed(let error)?: throw error
            case nil:
                if Task.isCancelled { throw .cancelled }
                return false
            }
        }
    }

    // MARK: Registers

    private func readRegister(_ io: SensorIO, _ register: UInt16) async throws(FingerprintDriverError) -> UInt8 {
        let bytes = try await readRegisters(io, register, count: 1)
        return bytes[0]
    }

    /// Reads `count` registers from `register` on; fewer bytes is a protocol violation.
    private func readRegisters(_ io: SensorIO, _ register: UInt16, count: Int) async throws(FingerprintDriverError) -> [UInt8] {
        let format = URU4000WireFormat.self
        let bytes = try await io.controlIn(
            requestType: format.readRequestType, request: format.registerRequest, value: register, index: 0,
            length: count, timeout: controlTimeout)
        guard bytes.count == count else {
            throw .protocolViolation("register 0x\(String(register, radix: 16)): read \(bytes.count) of \(count) bytes")
        }
        return bytes
    }

    private func writeRegister(_ io: SensorIO, _ register: UInt16, _ value: UInt8) async throws(FingerprintDriverError) {
        try await writeRegisters(io, register, [value])
    }

    private func writeRegisters(_ io: SensorIO, _ register: UInt16, _ values: [UInt8]) async throws(FingerprintDriverError) {
        let format = URU4000WireFormat.self
        try await io.controlOut(
            requestType: format.writeRequestType, request: format.registerRequest, value: register, index: 0,
            data: values, timeout: controlTimeout)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
