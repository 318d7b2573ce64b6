import BiocapTestSupport
import Foundation
import Testing

/// An officer added to the group with `usermod -aG biocap` is a *supplementary* member. Under the shipped
/// unit (`ProtectProc=invisible`) the daemon cannot read the caller's `/proc/PID/status`, so it must learn
/// the caller's groups from the socket (SO_PEERGROUPS). Reproduced with a hidepid `/proc` in a private mount
/// namespace, a daemon running as its own user, and callers whose only tie to the group is supplementary.
@Suite(.serialized) struct PeerGroupsTests {
    static let daemonUID = 4242, memberUID = 4343, group = 4711

    static var canRun: Bool {
        getuid() == 0 && ["/usr/bin/unshare", "/usr/bin/setpriv", "/usr/bin/curl"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// HTTP status of `GET /v1/health` sent by `uid` with supplementary `groups`.
    func status(socket: String, uid: Int, groups: [Int]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--groups=\(groups.map(String.init).joined(separator: ","))",
                             "/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20",
                             "--unix-socket", socket, "http://localhost/v1/health"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test(.enabled(if: canRun, "needs root, unshare, setpriv and curl"))
    func supplementaryMembersAreAdmittedWhenProcIsHidden() async throws {
        let directory = try TestData.temporaryDirectory("peergroups")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.setAttributes([.ownerAccountID: Self.daemonUID, .posixPermissions: 0o755], ofItemAtPath: directory.path)
        // The daemon, in a mount namespace of its own with /proc mounted hidepid=2, as an ordinary user that
        // is itself in the group (so it may give the socket to it).
        let script = "mount -t proc -o hidepid=2 proc /proc && exec /usr/bin/setpriv --reuid=\(Self.daemonUID) --regid=\(Self.daemonUID) "
            + "--groups=\(Self.group) \"$0\" \"$@\""
        let daemon = DaemonProcess(directory: directory, extraArguments: ["--simulate", "face", "--no-usb", "--group", "\(Self.group)"],
                                   launcher: ["/usr/bin/unshare", "-m", "--", "/bin/sh", "-c", script])
        try await daemon.start(client: SocketClient(socketPath: daemon.socketPath))
        let member = Result { try status(socket: daemon.socketPath, uid: Self.memberUID, groups: [Self.group]) }
        let outsider = Result { try status(socket: daemon.socketPath, uid: Self.memberUID, groups: [Self.group + 1]) }
        await daemon.stop()
        #expect(try member.get() == "200", "a supplementary member of the group is admitted:\n\(daemon.log.suffix(1500))")
        // The socket file itself is 0660 in the group, so an outsider is refused before HTTP (curl's 000) or by it (403).
        #expect(["000", "403"].contains(try outsider.get()), "a caller outside the group is refused")
    }
}
