import BiocapServer
import Foundation

/// Reads a JSON config file; keys it sets override `base`, others keep their value.
enum ConfigFile {
    struct Overrides: Decodable {
        var socketPath: String?
        var stateDirectory: String?
        var simulate: [String]?
        var scenarios: [String]?
        var seed: UInt64?
        var timeScale: Double?
        var group: String?
        var kitID: String?
        var logLevel: String?
        var maxAttempts: Int?
        var usb: Bool?
        var cameras: [String]?
    }

    static func load(_ path: String, over base: DaemonConfiguration) throws -> DaemonConfiguration {
        let overrides = try JSONDecoder().decode(Overrides.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        var settings = base
        if let value = overrides.socketPath { settings.socketPath = value }
        if let value = overrides.stateDirectory { settings.stateDirectory = value }
        if let value = overrides.simulate { settings.simulate = value }
        if let value = overrides.scenarios { settings.scenarios = value }
        if let value = overrides.seed { settings.seed = value }
        if let value = overrides.timeScale { settings.timeScale = value }
        if let value = overrides.group { settings.group = value.isEmpty ? nil : value }
        if let value = overrides.kitID { settings.kitID = value }
        if let value = overrides.logLevel { settings.logLevel = value }
        if let value = overrides.maxAttempts { settings.maxAttempts = value }
        if let value = overrides.usb { settings.usb = value }
        if let value = overrides.cameras { settings.cameras = value }
        return settings
    }
}
