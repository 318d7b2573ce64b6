import BiocapSBIProtocol
import Foundation
import Logging

/// The SBI device key and certificate the daemon signs with: a device provider's, when configured; otherwise biocap's
/// own, made on first start and kept in `<state directory>/sbi/` (directory 0700, key 0600), its self-signed
/// certificate renewed when it expires.
enum SBIIdentityLoading {
    static func identity(for configuration: SBIConfiguration, stateDirectory: String, kitID: String,
                         logger: Logger) throws(ConfigurationError) -> SBIDeviceIdentity {
        if let keyFile = configuration.keyFile, let certificateFile = configuration.certificateFile {
            do {
                let identity = try SBIDeviceIdentityStore.load(keyFile: keyFile, chainFile: certificateFile)
                logger.info("SBI device key from the device provider", metadata: ["key": "\(keyFile)", "chain": "\(certificateFile)"])
                return identity
            } catch {
                throw ConfigurationError(setting: "--sbi-key-file", reason: error.description)
            }
        }
        let directory = (stateDirectory as NSString).appendingPathComponent("sbi")
        do {
            let loaded = try SBIDeviceIdentityStore.loadOrCreate(directory: directory, commonName: "biocap SBI device \(kitID)")
            switch loaded.outcome {
            case .created:
                logger.notice("SBI device key and self-signed certificate created", metadata: ["certificate": "\(loaded.certificatePath)"])
            case .certificateRenewed(let reason):
                logger.notice("SBI device certificate renewed", metadata: ["reason": "\(reason)", "certificate": "\(loaded.certificatePath)"])
            case .loaded:
                break
            }
            return loaded.identity
        } catch {
            throw ConfigurationError(setting: "--sbi", reason: "the SBI device key in \(directory): \(error.description)")
        }
    }
}
