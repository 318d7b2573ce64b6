/// SBI 0.9.5 error codes: the specification's (0, 100–112), the stream's 202 (SBI platform document), and biocap's
/// vendor-specific 5xx codes for what the specification leaves open (malformed requests). `docs/sbi.md` lists them.
public enum SBIErrorCode: String, Sendable, Hashable, CaseIterable {
    case success = "0"
    case notRegistered = "100"
    case noBiometricObject = "101"
    case extractionFailed = "102"
    case deviceNotFound = "106"
    case countNotSupported = "109"
    case notReady = "110"
    case busy = "111"
    case invalidTransactionID = "112"
    case noDeviceConnected = "202"
    /// The body is not JSON, or not the JSON object the verb expects.
    case malformedRequest = "501"
    /// Discovery's `type` is not one of `Biometric Device`, `Finger`, `Iris`, `Face`.
    case invalidDeviceType = "502"
    case invalidEnvironment = "503"
    case invalidPurpose = "504"
    case invalidSpecVersion = "505"
    /// A required field is missing or has the wrong type or value (the message names it).
    case invalidField = "506"
    case invalidDeviceSubID = "507"
    case invalidBioSubType = "508"
    case invalidTimeout = "509"
    /// A verb or path this service does not serve.
    case unsupportedRequest = "510"
    /// The capture was stopped (the client went away, the daemon is shutting down).
    case captureStopped = "511"
    /// The device failed during the capture (a transfer error, an unplug).
    case deviceFailed = "512"

    /// The message used when no more specific one is given.
    public var defaultInfo: String {
        switch self {
        case .success: "Success"
        case .notRegistered: "Device not registered"
        case .noBiometricObject: "Unable to detect a biometric object"
        case .extractionFailed: "Unable to extract the biometric data"
        case .deviceNotFound: "Device not found"
        case .countNotSupported: "Requested number of biometrics not supported"
        case .notReady: "Device not ready"
        case .busy: "Device busy"
        case .invalidTransactionID: "Invalid transaction id"
        case .noDeviceConnected: "No Device Connected."
        case .malformedRequest: "Malformed request"
        case .invalidDeviceType: "Invalid device type"
        case .invalidEnvironment: "Invalid environment"
        case .invalidPurpose: "Invalid purpose"
        case .invalidSpecVersion: "Unsupported specification version"
        case .invalidField: "Invalid or missing field"
        case .invalidDeviceSubID: "Invalid deviceSubId"
        case .invalidBioSubType: "Invalid bioSubType or exception"
        case .invalidTimeout: "Invalid timeout"
        case .unsupportedRequest: "Unsupported request"
        case .captureStopped: "Capture stopped"
        case .deviceFailed: "Device failed during capture"
        }
    }
}
