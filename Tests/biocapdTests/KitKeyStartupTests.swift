import BiocapTestSupport
import Foundation
import Testing

/// The daemon will not start on keys it cannot trust — exposed, or not the queue's — and says which file.
@Suite struct KitKeyStartupTests {
    @Test func exposedOrForeignKeysStopTheDaemonNamingTheFile() async throws {
        let directory = try TestData.temporaryDirectory("kit-key-startup")
        defer { try? FileManager.default.removeItem(at: directory) }
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb"])
        let client = SocketClient(socketPath: daemon.socketPath)
        try await daemon.start(client: client)
        await daemon.stop()
        let keys = URL(fileURLWithPath: daemon.stateDirectory).appendingPathComponent("keys")
        let signing = keys.appendingPathComponent("biocap-kit-signing.key")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: signing.path)
        let exposed = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb"])
        await #expect(throws: (any Error).self) { try await exposed.start(client: client, timeout: .seconds(20)) }
        #expect(exposed.log.contains(signing.path) && exposed.log.contains("chmod 600"), "\(exposed.log.suffix(1500))")

        // Key files gone: no new keys are made over the sealed queue.
        let saved = directory.appendingPathComponent("saved-keys")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: signing.path)
        try FileManager.default.moveItem(at: keys, to: saved)
        let queueFile = URL(fileURLWithPath: daemon.stateDirectory).appendingPathComponent("queue.sqlite3")
        let before = try Data(contentsOf: queueFile)
        let missing = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb"])
        await #expect(throws: (any Error).self) { try await missing.start(client: client, timeout: .seconds(20)) }
        #expect(missing.log.contains("key files are missing"), "\(missing.log.suffix(1500))")
        #expect(!FileManager.default.fileExists(atPath: keys.appendingPathComponent("biocap-kit-signing.key").path))

        // Another kit's keys in their place: kit-key-mismatch, and the queue file is left as it was.
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in ["biocap-kit-signing.key", "biocap-kit-agreement.key"] {
            let file = keys.appendingPathComponent(name)
            try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
        let foreign = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb"])
        await #expect(throws: (any Error).self) { try await foreign.start(client: client, timeout: .seconds(20)) }
        #expect(foreign.log.contains("kit key") && foreign.log.contains("nothing in the queue was changed"), "\(foreign.log.suffix(1500))")
        #expect(try Data(contentsOf: queueFile) == before)
    }
}
