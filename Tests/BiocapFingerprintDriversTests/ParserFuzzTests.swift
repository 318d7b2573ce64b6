import BiocapCore
import BiocapDeviceKit
import BiocapDeviceTesting
@testable import BiocapFingerprintDrivers
import BiocapTestSupport
import Testing

/// Mutation campaigns over what a sensor answers (`FuzzCampaign`; `scripts/fuzz-parsers` runs them for longer): each
/// driver replays its real recording with one to three of the sensor's answers damaged (bytes changed, cut short,
/// reordered), and a capture ends in a frame or an error, never a crash. One driver at a time: a replay's transfers
/// complete without suspending, so two busy campaigns would hold both threads the others' timeouts resume on.
@Suite("Parser fuzz: fingerprint sensors' answers", .serialized)
struct DriverParserFuzzTests {
    /// The capture of one session (open, first frame, close): whether a frame came.
    static func capture<Driver: FingerprintSensorDriver>(
        _ driver: Driver.Type, _ transfers: [RecordedUSBTransfer], location: USBLocation, mode: RecordedUSBTransport.Mode,
        timeout: Duration
    ) async -> Bool {
        let device = USBFingerprintDevice<Driver>(id: "usb-fuzz", location: location, transport: RecordedUSBTransport(transfers, mode: mode))
        do {
            try await device.open()
            _ = try await RecordedSessions.firstFrame(device, timeout: timeout)
            await device.close()
            return true
        } catch {
            await device.close()
            return false
        }
    }

    /// The campaign of one driver; `timeout` is a little over what the undamaged session takes.
    static func run<Driver: FingerprintSensorDriver>(
        _ name: String, _ driver: Driver.Type, rounds: Int, transfers: [RecordedUSBTransfer], location: USBLocation,
        mode: RecordedUSBTransport.Mode, timeout: Duration = .milliseconds(400)
    ) async {
        #expect(await capture(driver, transfers, location: location, mode: mode, timeout: timeout * 10),
                "\(name): the undamaged recording gives a frame")
        var campaign = FuzzCampaign(name, rounds: rounds)
        let answers = transfers.indices.filter { !transfers[$0].inData.isEmpty }
        while campaign.nextRound() {
            var damaged = transfers
            var changed: [UInt8] = []
            for _ in 0..<campaign.int(1..<4) {
                let index = answers[campaign.int(0..<answers.count)]
                var data = campaign.mutate(damaged[index].inData, focus: 64)
                // A device never answers more than was asked for.
                data = Array(data.prefix(damaged[index].requestedLength))
                damaged[index].inData = data
                changed += Array("transfer \(index): \(data.count) bytes\n".utf8)
            }
            campaign.save(changed)
            if await capture(driver, damaged, location: location, mode: mode, timeout: timeout) { campaign.accept() }
        }
        campaign.finish()
    }

    /// The drivers with a recording to damage, and each one's rounds in the suite (the swipe sensors' sessions are long).
    enum Sensor: String, CaseIterable, Sendable {
        case nb1010, aes3500, upektc, aes2501, elan, vfs301

        func fuzz() async throws {
            switch self {
            case .nb1010:
                await DriverParserFuzzTests.run("nb1010", NB1010Driver.self, rounds: 60, transfers: try RecordedSessions.nb1010(),
                                                location: RecordedSessions.nb1010Location, mode: .searchFromLast)
            case .aes3500:
                await DriverParserFuzzTests.run("aes3500", AES3500Driver.self, rounds: 60, transfers: try RecordedSessions.aes3500(),
                                                location: RecordedSessions.aes3500Location, mode: .searchFromLast)
            case .upektc:
                await DriverParserFuzzTests.run("upektc-img", UpekTCImgDriver.self, rounds: 60, transfers: try RecordedSessions.upektc(),
                                                location: RecordedSessions.upekLocation, mode: .sequential)
            case .aes2501:
                await DriverParserFuzzTests.run("aes2501", AES2501Driver.self, rounds: 10, transfers: try SwipeRecordings.aes2501(),
                                                location: SwipeRecordings.aes2501Location, mode: .sequential)
            case .elan:
                await DriverParserFuzzTests.run("elan", ElanDriver.self, rounds: 3, transfers: try SwipeRecordings.elan(),
                                                location: SwipeRecordings.elanLocation, mode: .searchFromLast, timeout: .seconds(2))
            case .vfs301:
                await DriverParserFuzzTests.run("vfs301", VFS301Driver.self, rounds: 3, transfers: try VFSRecordings.vfs301(),
                                                location: VFSRecordings.vfs301Location, mode: .searchFromLast, timeout: .seconds(2))
            }
        }
    }

    @Test("a recorded session with damaged answers ends in a frame or an error", arguments: Sensor.allCases)
    func damagedAnswers(_ sensor: Sensor) async throws {
        try await sensor.fuzz()
    }
}
