import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// Real USB traffic of three real fingerprint sensors (libfprint's recordings), replayed by umockdev
/// to the real `biocapctl` and `biocapd`: our libusb layer and drivers must issue exactly the recorded
/// transfers and decode the image libfprint produced from them.
@Suite(.serialized) struct USBReplayTests {
    @Test(arguments: USBRecording.all)
    func listsTheRecordedSensorAsSupported(_ recording: USBRecording) throws {
        let result = try CLIHarness.ctl(["usb", "--json"], timeout: 60, launcher: try recording.launcher())
        #expect(result.status == 0, "\(result)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let rows = document?["devices"] as? [[String: Any]] ?? []
        let sensor = rows.first { $0["id"] as? String == recording.usbID }
        #expect(sensor?["driver"] as? String == recording.driver, "\(result)")
    }

    /// libusb 1.0.26 crashed in libusb_exit after biocapctl tried to open the root hub this tree lists
    /// without a device node (it unlinks such a device, then unlinks it again at exit). Every device is
    /// listed, the unsupported sensor as unsupported, and the command ends cleanly.
    @Test func listingATreeWithANodelessRootHubEndsCleanly() throws {
        let recording = USBRecording.vfs5011
        for arguments in [["usb"], ["usb", "--json"]] {
            let result = try CLIHarness.ctl(arguments, timeout: 60, environment: ["SWIFT_BACKTRACE": "enable=no"],
                                            launcher: try recording.launcher())
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("138a:0017") && result.stdout.contains("1d6b:0002"), "\(result)")
        }
    }

    @Test(arguments: USBRecording.all)
    func directCaptureGivesLibfprintsImage(_ recording: USBRecording) throws {
        let directory = try TestData.temporaryDirectory("usb-replay")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("capture.pgm")
        let result = try CLIHarness.ctl(["capture", "--direct", "--device", "usb:\(recording.usbID)", "--out", out.path],
                                        timeout: 120, launcher: try recording.launcher())
        #expect(result.status == 0, "\(result)")
        let ours = try NetPBM.decodeGray([UInt8](Data(contentsOf: out)))
        let expected = try NetPBM.decodeGray([UInt8](Data(contentsOf: recording.expectedImage)))
        #expect(ours.width == expected.width && ours.height == expected.height)
        guard ours.pixels.count == expected.pixels.count else { return }
        let worst = ImageMeasures.difference(ours, expected).largest
        #expect(worst <= recording.tolerance, "largest pixel difference \(worst) from libfprint's capture.pgm")
    }

    /// nb1010 (ioctl replay) and the U.are.U 4500 (pcap replay, interrupt read kept in flight, emulation seeds).
    @Test(arguments: [USBRecording.nb1010, USBRecording.uru4000])
    func daemonCapturesFromTheReplayedSensorOverTheSocket(_ recording: USBRecording) async throws {
        let directory = try TestData.temporaryDirectory("biocapd-usb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: [], launcher: try recording.launcher())
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            // The hotplug enumeration attaches the sensor shortly after start.
            var sensor: [String: Any]?
            let deadline = ContinuousClock.now + .seconds(30)
            while sensor == nil, ContinuousClock.now < deadline {
                let devices = try await client.get("/v1/devices").json()["devices"] as? [[String: Any]] ?? []
                sensor = devices.first { ($0["descriptor"] as? [String: Any])?["driver"] as? String == recording.driver }
                if sensor == nil { try await Task.sleep(for: .milliseconds(200)) }
            }
            let descriptor = sensor?["descriptor"] as? [String: Any] ?? [:]
            #expect(sensor?["state"] as? String == "ready", "\(sensor ?? [:])")
            let deviceID = descriptor["id"] as? String ?? "?"
            #expect(deviceID.hasPrefix("usb-"))

            let started = try await client.post("/v1/captures", json: [
                "device": deviceID, "positions": ["right-index"], "threshold": 0, "timeoutSeconds": 60,
            ])
            #expect(started.status == 202, "\(String(decoding: started.body, as: UTF8.self))")
            let id = try started.json()["id"] as? String ?? ""
            let info = try await client.finishedCapture(id, timeout: .seconds(90))
            #expect(info["state"] as? String == "completed", "\(info)")

            let image = try await client.get("/v1/captures/\(id)/image?position=right-index&format=pgm")
            let expected = try Data(contentsOf: recording.expectedImage)
            #expect(try NetPBM.decodeGray([UInt8](image.body)).pixels == NetPBM.decodeGray([UInt8](expected)).pixels)
            let record = try await client.get("/v1/captures/\(id)/record")
            #expect(record.body.prefix(4) == Data("FIR\0".utf8))
        } catch {
            Issue.record("daemon log:\n\(daemon.log.suffix(4000))")
            await daemon.stop()
            throw error
        }
        await daemon.stop()
        #expect(daemon.exitStatus == 0, "biocapd under umockdev-run ended with \(daemon.exitStatus.map(String.init) ?? "?"):\n\(daemon.log.suffix(2000))")
    }
}
