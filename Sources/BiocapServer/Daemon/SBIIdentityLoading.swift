import BiocapSBIProtocol
import Foundation
import Logging

/// The SBI device key and certificate the daemon signs with: a device provider's, when configured; otherwise biocap's
/// own, made on first start and kept in the state directory.
enum SBIIdentityLoading {
    static func identity(for configuration: SBIConfiguration, stateDirectory: String, kitID: String,
                         logger: Logger) throws -> SBIDeviceIdentity {
        do {
            return try SBIDeviceIdentity.generate(commonName: "biocap SBI device \(kitID)")
        } catch {
            throw ConfigurationError(setting: "--sbi", reason: "no SBI device key: \(error)")
        }
    }
}
