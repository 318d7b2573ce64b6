import BiocapDeviceKit
@testable import BiocapFingerprintDrivers
import Testing

/// The power-up branches of libfprint's uru4000 init that the U.are.U 4500 recording does not take,
/// against a register-level scripted sensor. The Microsoft v2 sequence and its challenge/response pair
/// are the ones in libfprint's Microsoft Fingerprint Reader v2 recording (045e:00ca).
@Suite("U.are.U 4000 family power-up branches")
struct URU4000PowerUpTests {
    static let challenge: [UInt8] = [0x4d, 0xae, 0x5a, 0x0b, 0x12, 0x47, 0xa8, 0x6c, 0x9f, 0xbf, 0x29, 0xfd, 0xcc, 0x17, 0x8a, 0x74]
    static let response = "329351371e4adfb1f35f09f329c6ab46"

    static func open(_ sensor: URU4000ScriptedSensor, profile: URU4000Profile) async throws(FingerprintDriverError) {
        var driver = URU4000Driver(profile: profile, seedSource: .systemRandom)
        driver.powerPollInterval = .milliseconds(1)
        driver.powerOnReportTimeout = .milliseconds(50)
        let io = SensorIO(transport: sensor)
        do {
            try await driver.open(io)
        } catch {
            await driver.close(io)
            throw error
        }
        await driver.close(io)
    }

    @Test("Microsoft v2: still in low power after the first try, it is answered its challenge, then powers up")
    func challengeDuringPowerUp() async throws {
        // As recorded: status 03; power down (83); power up 03 → still 83; challenge; 03 → 03.
        let sensor = URU4000ScriptedSensor(statusAnswers: [0x03, 0x83, 0x03], challenge: Self.challenge)
        try await Self.open(sensor, profile: .microsoftStandaloneV2)
        #expect(Array(sensor.log.prefix(9)) == ["R07", "W07=83", "W07=03", "R07", "R2010", "W2000=" + Self.response, "W07=03", "R07", "Rf0"])
    }

    @Test("other profiles retry the power-up without a challenge")
    func powerUpRetryWithoutChallenge() async throws {
        let sensor = URU4000ScriptedSensor(statusAnswers: [0x03, 0x83, 0x03])
        try await Self.open(sensor, profile: .uareu4000)
        #expect(Array(sensor.log.prefix(7)) == ["R07", "W07=83", "W07=03", "R07", "W07=03", "R07", "Rf0"])
    }

    @Test("a device left in status 0x85 has its power rebooted until bit 0 comes up, and is not powered down again")
    func powerReboot() async throws {
        let sensor = URU4000ScriptedSensor(statusAnswers: [0x85, 0x84, 0x84, 0x81, 0x01])
        try await Self.open(sensor, profile: .microsoftKeyboard)
        // Reboot: write 05, poll until bit 0 (84, 84, 81); 81 is in low power, so no power-down write;
        // power up with 81 & 0x0f.
        #expect(Array(sensor.log.prefix(8)) == ["R07", "W07=05", "R07", "R07", "R07", "W07=01", "R07", "Rf0"])
    }

    @Test("without the power-on report the sequence is tried three times, then the open fails")
    func missingPowerOnReport() async {
        let sensor = URU4000ScriptedSensor(statusAnswers: [0x01], reportsPowerOn: false)
        await #expect(throws: FingerprintDriverError.transfer(.timeout(endpoint: 0x81))) {
            try await Self.open(sensor, profile: .uareu4000B)
        }
        #expect(sensor.log.filter { $0 == "W07=81" }.count == 3)
        #expect(!sensor.log.contains("Rf0"))
    }

    @Test("a sensor that never leaves low power fails after 100 tries")
    func stuckInLowPower() async {
        let sensor = URU4000ScriptedSensor(statusAnswers: [0x01, 0x81])
        await #expect(throws: FingerprintDriverError.protocolViolation("could not power the device up (hardware status stayed in low power)")) {
            try await Self.open(sensor, profile: .uareu4000B)
        }
        #expect(sensor.log.filter { $0 == "W07=01" }.count == 100)
    }
}
