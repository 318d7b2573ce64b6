import BiocapTestSupport
import Foundation
import Testing

/// The real Logitech C310 traffic (enumeration and a UVC probe for 640×480 YUY2) replayed by umockdev
/// to the real `biocapctl`: our libusb layer reads its descriptors, the UVC driver parses them, and
/// the probe requests must equal the recorded ones byte for byte (umockdev compares OUT data). The
/// recording ends before a commit and has no video, so the commit is where the replay stops.
@Suite(.serialized) struct UVCReplayTests {
    private func diagnose(mode: String) throws -> (CLIHarness.Result, [String: [String: Any]]) {
        let result = try CLIHarness.ctl(["diag", "--direct", "--device", "usb:046d:081b", "--mode", mode, "--json"],
                                        timeout: 120, launcher: try USBRecording.c310.launcher())
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        var checks: [String: [String: Any]] = [:]
        for check in document?["checks"] as? [[String: Any]] ?? [] {
            if let name = check["name"] as? String { checks[name] = check }
        }
        return (result, checks)
    }

    @Test func listsTheWebcamAsAFaceCamera() throws {
        let result = try CLIHarness.ctl(["usb", "--json"], timeout: 60, launcher: try USBRecording.c310.launcher())
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let camera = (document?["devices"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "046d:081b" }
        #expect(camera?["driver"] as? String == "uvc", "\(result)")
        #expect(camera?["modality"] as? String == "face")
        #expect(camera?["model"] as? String == "Logitech C310")
    }

    @Test func descriptorsParseAndTheRecordedProbeReplays() throws {
        let (result, checks) = try diagnose(mode: "yuy2:640x480")
        #expect(result.status == 1, "no video can be replayed, so the self-test must fail: \(result)")
        #expect(checks["communication"]?["detail"] as? String == "UVC 1.00, descriptors read")
        #expect(checks["formats"]?["detail"] as? String == "YUY2 ×19 (up to 1280×960), MJPEG ×19 (up to 1280×960)")
        // GET_DEF, SET_CUR (26 bytes, compared with the recording) and GET_CUR were answered from the
        // recording; the commit that follows is not in it.
        let negotiation = checks["negotiated-mode"]?["detail"] as? String ?? ""
        #expect(negotiation.contains("commit SET_CUR failed"), "\(negotiation)")
    }

    @Test func aProbeTheCameraWasNeverSentDoesNotReplay() throws {
        // The same camera asked for MJPEG: the SET_CUR bytes differ from the recording, so umockdev
        // does not answer it. This proves the test above really compares our bytes.
        let (_, checks) = try diagnose(mode: "mjpeg:1280x720")
        let negotiation = checks["negotiated-mode"]?["detail"] as? String ?? ""
        #expect(negotiation.contains("probe SET_CUR failed"), "\(negotiation)")
    }
}
