import BiocapCore
import BiocapRecords
import BiocapServer
import BiocapTestSupport
import Foundation
import Testing

/// Flags and the config file go through one validation; a bad value names the flag or the file's key.
@Suite struct DaemonConfigurationTests {
    let environment = ["XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/home/officer"]

    func file(_ json: String) throws -> (settings: DaemonSettings, path: String) {
        let directory = try TestData.temporaryDirectory("daemon-config")
        // Read once here; the configuration only names the path afterwards.
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("biocapd.json")
        try Data(json.utf8).write(to: url)
        return (try DaemonSettings.load(path: url.path), url.path)
    }

    func error(_ body: () throws -> Void) -> ConfigurationError? {
        do { try body() } catch let error as ConfigurationError { return error } catch { Issue.record("unexpected \(error)") }
        return nil
    }

    @Test func defaultsFileAndFlagsLayerInThatOrder() throws {
        let defaults = try DaemonConfiguration(flags: DaemonSettings(), environment: environment)
        #expect(defaults.socketPath == "/run/user/1000/biocap/biocapd.sock")
        #expect(defaults.stateDirectory == "/home/officer/.local/state/biocap")
        #expect(defaults.logLevel == .info && defaults.maxAttempts == 5 && defaults.usb && defaults.group == "biocap")
        #expect(defaults.simulation.entries.isEmpty)

        let config = try file(#"{"logLevel": "debug", "kitID": "kit-7", "simulate": ["kit"], "timeScale": 0.5, "group": ""}"#)
        let fromFile = try DaemonConfiguration(flags: DaemonSettings(), file: config, environment: environment)
        #expect(fromFile.logLevel == .debug && fromFile.kitID == "kit-7" && fromFile.group == nil)
        #expect(fromFile.simulation.entries.map(\.driver) == ["finger", "iris", "face", "signature"])
        #expect(fromFile.simulation.entries.allSatisfy { $0.options.timeScale == 0.5 })

        let flags = DaemonSettings(kitID: "kit-9", logLevel: "warning")
        let both = try DaemonConfiguration(flags: flags, file: config, environment: environment)
        #expect(both.kitID == "kit-9" && both.logLevel == .warning, "flags win over the file")
        #expect(both.simulation.entries.count == 4, "what the flags leave unset comes from the file")
    }

    @Test func aBadValueNamesTheFlagOrTheFileKey() throws {
        let flagError = error { _ = try DaemonConfiguration(flags: DaemonSettings(logLevel: "loud"), environment: environment) }
        #expect(flagError?.setting == "--log-level")

        let config = try file(#"{"logLevel": "loud"}"#)
        let fileError = error { _ = try DaemonConfiguration(flags: DaemonSettings(), file: config, environment: environment) }
        #expect(fileError?.setting == "logLevel in \(config.path)", "\(String(describing: fileError))")
        // The same value given as a flag overrides the file's bad one: each layer is judged where it counts.
        #expect(throws: Never.self) { try DaemonConfiguration(flags: DaemonSettings(logLevel: "error"), file: config, environment: environment) }

        let cases: [(DaemonSettings, String)] = [
            (DaemonSettings(timeScale: -1), "--time-scale"),
            (DaemonSettings(timeScale: .nan), "--time-scale"),
            (DaemonSettings(timeScale: 101), "--time-scale"),
            (DaemonSettings(simulate: ["toaster"]), "--simulate"),
            (DaemonSettings(simulate: ["finger"], scenarios: ["finger=sunburnt"]), "--scenario"),
            (DaemonSettings(kitID: "two words"), "--kit-id"),
            (DaemonSettings(maxAttempts: 0), "--max-attempts"),
            (DaemonSettings(cameras: ["046d:081b=thermal"]), "--camera"),
            (DaemonSettings(socketPath: "/" + String(repeating: "s", count: 200)), "--socket"),
            (DaemonSettings(stateDirectory: ""), "--state-dir"),
            (DaemonSettings(idleTimeout: 0), "--idle-timeout"),
            (DaemonSettings(idleTimeout: .infinity), "--idle-timeout"),
            (DaemonSettings(maxConnections: 0), "--max-connections"),
            (DaemonSettings(captureMemory: 0), "--capture-memory"),
            (DaemonSettings(captureMemory: 5000), "--capture-memory"),
            (DaemonSettings(captureExpiry: 5), "--capture-expiry"),
            (DaemonSettings(fingerCompression: "jpeg"), "--finger-compression"),
            (DaemonSettings(fingerCompression: "jpeg2000", fingerCompressionRate: 9), "--finger-compression-rate"),
            (DaemonSettings(fingerCompression: "jpeg2000-lossless", fingerCompressionRate: 1), "--finger-compression-rate"),
            (DaemonSettings(fingerCompressionRate: 1), "--finger-compression-rate"),
            (DaemonSettings(irisCompression: "wsq"), "--iris-compression"),
            (DaemonSettings(irisCompression: "webp"), "--iris-compression"),
            (DaemonSettings(fingerCompression: "wsq", fingerCompressionRate: 20), "--finger-compression-rate"),
            (DaemonSettings(irisCompression: "jpeg2000", irisCompressionRate: 0), "--iris-compression-rate"),
        ]
        for (flags, setting) in cases {
            let failure = error { _ = try DaemonConfiguration(flags: flags, environment: environment) }
            #expect(failure?.setting == setting, "\(flags): \(String(describing: failure))")
        }
    }

    @Test func fingerAndIrisCompressionDefaultToLosslessJPEG2000() throws {
        let defaults = try DaemonConfiguration(flags: DaemonSettings(), environment: environment)
        #expect(defaults.fingerCompression == .jpeg2000Lossless && defaults.irisCompression == .jpeg2000Lossless)
        let config = try file(#"{"fingerCompression": "jpeg2000", "fingerCompressionRate": 2.25}"#)
        let lossy = try DaemonConfiguration(flags: DaemonSettings(), file: config, environment: environment)
        #expect(lossy.fingerCompression == .jpeg2000(bitsPerPixel: 2.25))
        let raw = try DaemonConfiguration(flags: DaemonSettings(fingerCompression: "none"), environment: environment)
        #expect(raw.fingerCompression == .none && raw.irisCompression == .jpeg2000Lossless)
        let wsq = try DaemonConfiguration(flags: DaemonSettings(fingerCompression: "wsq"), environment: environment)
        #expect(wsq.fingerCompression == .wsq(bitsPerPixel: 0.75))
        let rawIris = try DaemonConfiguration(flags: DaemonSettings(irisCompression: "none"), environment: environment)
        #expect(rawIris.irisCompression == .none)
    }

    @Test func connectionsStayBelowTheDescriptorLimitAndCaptureMemoryIsInMiB() throws {
        let environment = ["HOME": "/tmp/biocap-config-test"]
        let defaults = try DaemonConfiguration(flags: DaemonSettings(), environment: environment)
        #expect(defaults.maxConnections == min(128, DaemonConfiguration.connectionsTheDescriptorLimitAllows()))
        #expect(defaults.captureMemoryBytes == 64 << 20)
        let set = try DaemonConfiguration(flags: DaemonSettings(maxConnections: 100_000, captureMemory: 16), environment: environment)
        #expect(set.maxConnections == DaemonConfiguration.connectionsTheDescriptorLimitAllows() || set.maxConnections == 100_000)
        #expect(set.maxConnections <= 100_000 && set.captureMemoryBytes == 16 << 20)
    }

    @Test func aConfigFileWithAnUnknownKeyOrAWrongTypeIsRefused() throws {
        let unknown = error { _ = try file(#"{"logLevle": "debug"}"#) }
        #expect(unknown?.setting.hasPrefix("logLevle in ") == true, "\(String(describing: unknown))")
        let wrongType = error { _ = try file(#"{"timeScale": "fast"}"#) }
        #expect(wrongType?.setting.hasPrefix("timeScale in ") == true, "\(String(describing: wrongType))")
        let notJSON = error { _ = try file("timeScale = 1") }
        #expect(notJSON?.setting.hasPrefix("config file ") == true, "\(String(describing: notJSON))")
        let missing = error { _ = try DaemonSettings.load(path: "/nonexistent/biocapd.json") }
        #expect(missing?.reason.contains("cannot be read") == true)
    }
}
