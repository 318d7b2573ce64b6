import Foundation

/// Why the SBI device key and certificate could not be loaded, created or stored; each names the file and what to do.
public enum SBIIdentityStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory or a file cannot be read.
    case unreadable(path: String, reason: String)
    /// The directory or a file cannot be written.
    case unwritable(path: String, reason: String)
    /// The key file may be read by others (group or world permission bits set).
    case insecurePermissions(path: String, mode: UInt16)
    /// The key file is not an RSA private key in PEM (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`).
    case malformedKey(path: String, reason: String)
    /// The key is RSA but shorter than 2048 bits.
    case weakKey(path: String, bits: Int)
    /// The certificate file holds no PEM certificate, or one that is not X.509.
    case malformedCertificate(path: String, reason: String)
    /// The device certificate (the chain's first) does not certify the key.
    case keyMismatch(keyPath: String, certificatePath: String, hint: String?)
    /// The device certificate's validity starts later.
    case certificateNotYetValid(path: String, notBefore: Date)
    /// The device certificate's validity has ended.
    case certificateExpired(path: String, notAfter: Date)

    /// What is wrong and with which file, in a sentence.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "the SBI device identity file \(path) cannot be read: \(reason)"
        case .unwritable(let path, let reason): "the SBI device identity file \(path) cannot be written: \(reason)"
        case .insecurePermissions(let path, let mode):
            "the SBI device key \(path) has mode \(String(mode, radix: 8)); it must be readable by its owner only (chmod 600)"
        case .malformedKey(let path, let reason):
            "the SBI device key \(path) is not an RSA private key in PEM (PKCS#8 or PKCS#1): \(reason)"
        case .weakKey(let path, let bits):
            "the SBI device key \(path) has \(bits) bits; MOSIP refuses RSA keys under 2048 bits"
        case .malformedCertificate(let path, let reason): "the SBI device certificate file \(path) is not usable: \(reason)"
        case .keyMismatch(let keyPath, let certificatePath, let hint):
            "the device certificate in \(certificatePath) does not certify the key \(keyPath)" + (hint.map { "; \($0)" } ?? "")
        case .certificateNotYetValid(let path, let notBefore):
            "the device certificate in \(path) is not valid before \(SBITimestamp.string(notBefore)) (check the clock)"
        case .certificateExpired(let path, let notAfter):
            "the device certificate in \(path) expired at \(SBITimestamp.string(notAfter)); ask the device provider for a new one"
        }
    }
}
