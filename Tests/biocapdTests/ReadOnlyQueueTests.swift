import BiocapTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A queue whose file system turns read-only under the running daemon (ext4 with `errors=remount-ro` after a
/// disk error, made to happen here with ext4's `trigger_fs_error`): health says so by name, `biocapctl health`
/// fails, and a packet submitted then is refused as `queue-read-only`, not reported as a generic storage error.
@Suite struct ReadOnlyQueueTests {
    static let tools = ["/usr/bin/unshare", "/usr/bin/nsenter", "/bin/mount", "/usr/bin/findmnt", "/sbin/mkfs.ext4", "/usr/bin/truncate"]
    static let canRun = getuid() == 0 && tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
        && FileManager.default.fileExists(atPath: "/dev/loop-control")

    @Test(.enabled(if: canRun, "needs root, loop devices, unshare, nsenter, mount, findmnt and mkfs.ext4"))
    func aFileSystemRemountedReadOnlyShowsInHealthAndRefusesPackets() async throws {
        let directory = try TestData.temporaryDirectory("read-only-queue")
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("state").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        // The daemon in a mount namespace of its own, its state directory on a small ext4 only it sees.
        let image = directory.appendingPathComponent("state.ext4").path
        let script = "truncate -s 64M '\(image)' && mkfs.ext4 -q '\(image)' && mount -o loop,errors=remount-ro '\(image)' '\(state)' "
            + "&& exec \"$0\" \"$@\""
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb", "--time-scale", "0.05"],
                                   launcher: ["/usr/bin/unshare", "-m", "--propagation", "private", "--", "/bin/sh", "-c", script])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        do {
            let healthy = try await client.get("/v1/health").json()
            #expect(healthy["status"] as? String == "ok", "\(healthy)")
            let started = try await client.post("/v1/captures", json: ["positions": ["face"], "threshold": 0])
            let captureID = try #require(try started.json()["id"] as? String)
            _ = try await client.finishedCapture(captureID, timeout: .seconds(60))

            let remount = Process()
            remount.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
            remount.arguments = ["-t", "\(daemon.pid)", "-m", "/bin/sh", "-c",
                                 "echo 1 > /sys/fs/ext4/$(basename $(findmnt -n -o SOURCE '\(state)'))/trigger_fs_error"]
            try remount.run()
            remount.waitUntilExit()
            #expect(remount.terminationStatus == 0)

            let health = try await client.get("/v1/health").json()
            #expect(health["status"] as? String == "degraded", "\(health)")
            let codes = (health["problems"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.contains("queue-read-only"), "\(health)")
            let cli = try CLIHarness.ctl(["health", "--socket", daemon.socketPath])
            #expect(cli.status == 1 && cli.stdout.contains("queue-read-only"), "\(cli)")

            let packet = try await client.post("/v1/packets", json: ["enrolmentID": "E-RO", "operatorID": "o", "captures": [captureID]])
            #expect(packet.errorCode == "queue-read-only", "\(packet.status) \(String(decoding: packet.body, as: UTF8.self))")
            // The capture was not used up by the refused packet.
            let capture = try await client.get("/v1/captures/\(captureID)").json()
            #expect(capture["packetID"] == nil)
        } catch {
            Issue.record("daemon log:\n\(daemon.log.suffix(3000))")
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }
}
