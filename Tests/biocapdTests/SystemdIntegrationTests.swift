import BiocapTestSupport
import Foundation
import Testing

/// The daemon as systemd runs it: readiness, watchdog and stopping notifications, and socket activation.
@Suite(.serialized) struct SystemdIntegrationTests {
    @Test func notifiesReadyWatchdogAndStopping() async throws {
        let directory = try TestData.temporaryDirectory("biocapd-notify")
        defer { try? FileManager.default.removeItem(at: directory) }
        let notify = try NotifySocket(path: directory.appendingPathComponent("notify").path)
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face"],
                                   environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"])
        try await daemon.start(client: SocketClient(socketPath: daemon.socketPath))
        let running = notify.receive(until: ["READY=1", "WATCHDOG=1"], timeout: .seconds(10))
        #expect(running.contains { $0.contains("READY=1") && $0.contains("STATUS=serving 1 devices") }, "\(running)")
        #expect(running.contains { $0.contains("WATCHDOG=1") }, "\(running)")
        await daemon.stop(signal: SIGTERM)
        let stopping = notify.receive(until: ["STOPPING=1"], timeout: .seconds(10))
        #expect(stopping.contains { $0.contains("STOPPING=1") }, "\(stopping)")
    }

    @Test func servesTheSocketSystemdPassesIn() async throws {
        guard let activate = ["/usr/bin/systemd-socket-activate", "/bin/systemd-socket-activate"]
            .first(where: FileManager.default.isExecutableFile) else {
            print("skipped: systemd-socket-activate is not installed"); return
        }
        let directory = try TestData.temporaryDirectory("biocapd-activation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let socketPath = directory.appendingPathComponent("activated.sock").path
        // systemd-socket-activate binds the socket and starts the daemon on the first connection; the
        // daemon's own --socket path is never created.
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face"],
                                   launcher: [activate, "-l", socketPath])
        let client = SocketClient(socketPath: socketPath)
        try await daemon.start(client: client)
        let devices = try await client.get("/v1/devices")
        #expect(devices.status == 200)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        #expect(daemon.log.contains("serving the socket passed by systemd"))
        await daemon.stop()
    }
}
