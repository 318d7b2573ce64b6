import BiocapDevices
import BiocapTestSupport
import Foundation
import Testing

/// The field-kit packaging: systemd units, the udev rule, the sysusers entry and `scripts/install-kit`.
@Suite("Packaging")
struct PackagingTests {
    typealias UnitFile = PackagingFixtures.UnitFile

    static let systemdAnalyze = PackagingFixtures.executable(named: "systemd-analyze")
    static let bash = PackagingFixtures.executable(named: "bash")

    /// Words systemd uses when it ignores or rejects part of a unit file.
    static let complaints = ["Unknown key", "Unknown section", "Failed to parse", "Invalid", "Missing", "bad unit file",
                             "not executable", "Refusing", "ignoring"]

    // MARK: systemd-analyze verify

    /// Copies both units into a fresh directory, pointing ExecStart= at an existing executable, and
    /// returns what `systemd-analyze verify` says about them (`patch` may break the copies on purpose).
    private func verifyUnits(patchService patch: (String) -> String = { $0 }) throws -> (PackagingFixtures.CommandOutput, URL) {
        let analyze = try #require(Self.systemdAnalyze)
        let directory = try TestData.temporaryDirectory("biocap-units")
        let executable = PackagingFixtures.daemonExecutable().path
        let quoted = executable.contains(" ") ? "\"\(executable)\"" : executable
        let service = try PackagingFixtures.text("systemd/biocapd.service")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("ExecStart=") ? "ExecStart=\(quoted)" : String($0) }
            .joined(separator: "\n")
        try patch(service).write(to: directory.appendingPathComponent("biocapd.service"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: PackagingFixtures.url("systemd/biocapd.socket"),
                                         to: directory.appendingPathComponent("biocapd.socket"))
        let output = try PackagingFixtures.run(
            analyze,
            ["verify", "--man=no", directory.appendingPathComponent("biocapd.socket").path,
             directory.appendingPathComponent("biocapd.service").path],
            environment: ["SYSTEMD_LOG_LEVEL": "info", "SYSTEMD_LOG_COLOR": "0", "SYSTEMD_PAGER": "cat"])
        return (output, directory)
    }

    /// Lines of the verifier's output that are about our units (other units on the machine may be noisy).
    private func linesAboutOurUnits(_ output: PackagingFixtures.CommandOutput, in directory: URL) -> [String] {
        output.lines.filter { $0.contains("biocapd") || $0.contains(directory.path) }
    }

    @Test("systemd-analyze verify accepts biocapd.service and biocapd.socket without a complaint",
          .enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (apt-get install systemd)"))
    func unitsVerify() throws {
        let (result, directory) = try verifyUnits()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ours = linesAboutOurUnits(result, in: directory)
        #expect(result.status == 0, "systemd-analyze verify exited \(result.status):\n\(result.output)")
        // Any line naming our units is a warning: verify is silent about a clean unit.
        #expect(ours.isEmpty, "systemd-analyze verify complained:\n\(ours.joined(separator: "\n"))")
        for complaint in Self.complaints {
            #expect(!ours.contains { $0.contains(complaint) }, "'\(complaint)' in:\n\(result.output)")
        }
    }

    @Test("the verify check notices a misspelt key and a bad value (so a clean result means something)",
          .enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (apt-get install systemd)"))
    func verifyCatchesMistakes() throws {
        let (result, directory) = try verifyUnits { service in
            service.replacingOccurrences(of: "WatchdogSec=30s", with: "WatchdogSec=thirty\nWatchDogSec=30s")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let ours = linesAboutOurUnits(result, in: directory)
        #expect(ours.contains { $0.contains("Unknown key") && $0.contains("WatchDogSec") }, "\(result.output)")
        #expect(ours.contains { $0.contains("Failed to parse") }, "\(result.output)")
    }

    // MARK: udev rule

    /// The `vvvv:pppp` pairs granted by the udev rule (lower case), and the ID lines that do not jump
    /// to the label that grants access.
    private func udevIDs() throws -> (ids: Set<String>, linesNotGranting: [String]) {
        let rules = try PackagingFixtures.text("udev/70-biocap.rules")
        let pair = try Regex(#"ATTR\{idVendor\}=="([0-9a-fA-F]{4})",\s*ATTR\{idProduct\}=="([0-9a-fA-F]{4})""#)
        var ids = Set<String>()
        var linesNotGranting: [String] = []
        for line in rules.split(separator: "\n") where !line.hasPrefix("#") {
            guard line.contains("idVendor") || line.contains("idProduct") else { continue }
            guard let match = try pair.firstMatch(in: String(line)),
                  let vendor = match.output[1].substring, let product = match.output[2].substring
            else {
                linesNotGranting.append(String(line))
                continue
            }
            if !line.contains(#"GOTO="biocap_device""#) { linesNotGranting.append(String(line)) }
            ids.insert("\(vendor):\(product)".lowercased())
        }
        return (ids, linesNotGranting)
    }

    @Test("the udev rule lists every USB ID of DriverRegistry.standard as an idVendor/idProduct pair")
    func udevRuleCoversRegistry() throws {
        let (ids, linesNotGranting) = try udevIDs()
        #expect(linesNotGranting.isEmpty, "ID lines that grant nothing: \(linesNotGranting)")
        for id in DriverRegistry.standard.supportedUSBIDs {
            #expect(ids.contains(id.description.lowercased()),
                    "\(id) is supported by a driver but missing from udev/70-biocap.rules")
        }
        // The devices the first USB drivers target, listed ahead of them.
        for id in ["298d:1010", "08ff:5731", "147e:2016"] {
            #expect(ids.contains(id), "\(id) missing from udev/70-biocap.rules")
        }
    }

    @Test("the udev rule gives devices to group biocap 0660 and pulls in biocapd.service")
    func udevRuleGrantsAndStarts() throws {
        let rules = try PackagingFixtures.text("udev/70-biocap.rules")
        let active = rules.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        #expect(active.contains(#"MODE="0660""#))
        #expect(active.contains(#"GROUP="biocap""#))
        #expect(active.contains(#"TAG+="systemd""#))
        #expect(active.contains(#"ENV{SYSTEMD_WANTS}+="biocapd.service""#))
        #expect(!active.contains("uaccess"), "uaccess only helps a seat user, not the daemon")
        #expect(active.contains(#"SUBSYSTEM!="usb", GOTO="biocap_end""#))
        #expect(active.contains(#"ENV{DEVTYPE}!="usb_device", GOTO="biocap_end""#))
        #expect(active.contains(#"LABEL="biocap_device""#) && active.contains(#"LABEL="biocap_end""#))
    }

    // MARK: unit contents

    @Test("biocapd.service is a sandboxed notify service that can still reach USB devices and hotplug")
    func serviceSettings() throws {
        let service = try UnitFile(contentsOf: "systemd/biocapd.service")
        #expect(service.value("Service", "Type") == "notify")
        #expect(service.value("Service", "WatchdogSec") != nil)
        #expect(!service.sets("PrivateNetwork"), "PrivateNetwork= hides netlink uevents: hotplug breaks")
        #expect(!service.sets("PrivateDevices"), "PrivateDevices= hides /dev/bus/usb")
        let families = service.values("Service", "RestrictAddressFamilies")
            .flatMap { $0.split(separator: " ").map(String.init) }
        #expect(families.contains("AF_UNIX") && families.contains("AF_NETLINK"), "\(families)")
        #expect(!families.contains { $0.hasPrefix("~") }, "a deny list would not restrict anything we mean to")
        #expect(service.values("Service", "DeviceAllow").contains("char-usb_device rw"))
        #expect(service.value("Service", "DevicePolicy") == "closed")
        #expect(service.value("Service", "ProtectSystem") == "strict")
        #expect(service.value("Service", "ExecStart")?.hasSuffix("/biocapd") == true)
        // The socket lives in the runtime directory and belongs to biocapd.socket: stopping the
        // daemon must not delete it.
        #expect(service.value("Service", "RuntimeDirectoryPreserve") == "yes")
        #expect(service.values("Unit", "Requires").contains("biocapd.socket"))
        #expect(service.values("Unit", "After").contains("biocapd.socket"))
    }

    @Test("biocapd.socket is 0660 group biocap, enabled by sockets.target, at the daemon's default path")
    func socketSettings() throws {
        let socket = try UnitFile(contentsOf: "systemd/biocapd.socket")
        let service = try UnitFile(contentsOf: "systemd/biocapd.service")
        #expect(socket.value("Socket", "SocketMode") == "0660")
        #expect(socket.value("Socket", "SocketGroup") == "biocap")
        #expect(socket.value("Install", "WantedBy") == "sockets.target")
        // biocapd without --socket listens on $RUNTIME_DIRECTORY/biocapd.sock: the same file.
        let runtimeDirectory = try #require(service.value("Service", "RuntimeDirectory"))
        #expect(socket.value("Socket", "ListenStream") == "/run/\(runtimeDirectory)/biocapd.sock")
    }

    @Test("the user, group and device group agree across sysusers, units and udev rule")
    func namesAgree() throws {
        let sysusers = try PackagingFixtures.text("systemd/biocap.sysusers")
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(sysusers.contains { $0.count >= 2 && $0[0] == "g" && $0[1] == "biocap" })
        #expect(sysusers.contains { $0.count >= 3 && $0[0] == "u" && $0[1] == "biocap" && $0[2].hasSuffix(":biocap") })
        let service = try UnitFile(contentsOf: "systemd/biocapd.service")
        #expect(service.value("Service", "User") == "biocap")
        #expect(service.value("Service", "Group") == "biocap")
        #expect(try UnitFile(contentsOf: "systemd/biocapd.socket").value("Socket", "SocketGroup") == "biocap")
        #expect(try PackagingFixtures.text("udev/70-biocap.rules").contains(#"GROUP="biocap""#))
    }

    // MARK: install-kit

    @Test("install-kit --destdir stages every file, with ExecStart= rewritten to the prefix",
          .enabled(if: bash != nil, "bash is not installed"))
    func installKitStages() throws {
        let bash = try #require(Self.bash)
        let work = try TestData.temporaryDirectory("biocap-install")
        defer { try? FileManager.default.removeItem(at: work) }
        let binaries = work.appendingPathComponent("bin")
        let stage = work.appendingPathComponent("stage")
        try FileManager.default.createDirectory(at: binaries, withIntermediateDirectories: true)
        for name in ["biocapd", "biocapctl"] {
            let path = binaries.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\necho \(name)\n".utf8),
                                                   attributes: [.posixPermissions: 0o755]))
        }
        let script = PackagingFixtures.url("scripts/install-kit").path
        let arguments = [script, "--destdir", stage.path, "--bin-dir", binaries.path, "--prefix", "/opt/biocap"]
        let first = try PackagingFixtures.run(bash, arguments)
        #expect(first.status == 0, "\(first.output)")
        let again = try PackagingFixtures.run(bash, arguments)
        #expect(again.status == 0, "running it twice must work too:\n\(again.output)")

        func staged(_ path: String) -> URL { stage.appendingPathComponent(String(path.dropFirst())) }
        for binary in ["/opt/biocap/bin/biocapd", "/opt/biocap/bin/biocapctl"] {
            #expect(FileManager.default.isExecutableFile(atPath: staged(binary).path), "\(binary) not staged")
        }
        let copies = [("udev/70-biocap.rules", "/etc/udev/rules.d/70-biocap.rules"),
                      ("systemd/biocapd.socket", "/etc/systemd/system/biocapd.socket"),
                      ("systemd/biocap.sysusers", "/usr/lib/sysusers.d/biocap.conf")]
        for (source, target) in copies {
            let original = try Data(contentsOf: PackagingFixtures.url(source))
            #expect((try? Data(contentsOf: staged(target))) == original, "\(target) is not a copy of \(source)")
        }
        let service = try String(contentsOf: staged("/etc/systemd/system/biocapd.service"), encoding: .utf8)
        #expect(UnitFile(text: service).values("Service", "ExecStart") == ["/opt/biocap/bin/biocapd"])
        let original = try PackagingFixtures.text("systemd/biocapd.service")
        #expect(service.split(separator: "\n").count == original.split(separator: "\n").count,
                "only ExecStart= may change")
    }

    @Test("install-kit refuses a relative or unsafe --prefix",
          .enabled(if: bash != nil, "bash is not installed"))
    func installKitRejectsBadPrefix() throws {
        let bash = try #require(Self.bash)
        let script = PackagingFixtures.url("scripts/install-kit").path
        for prefix in ["opt/biocap", "/opt/bio cap", "/opt/a|b"] {
            let result = try PackagingFixtures.run(bash, [script, "--dry-run", "--bin-dir", "/nonexistent", "--prefix", prefix])
            #expect(result.status != 0, "accepted --prefix '\(prefix)':\n\(result.output)")
            #expect(result.output.contains("--prefix"), "\(result.output)")
        }
    }
}
