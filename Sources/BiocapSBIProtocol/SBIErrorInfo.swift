/// The `error` object of every SBI answer: `{"errorCode": "0", "errorInfo": "Success"}` on success, a three-digit code
/// (as a string) and a message otherwise.
public struct SBIErrorInfo: Sendable, Codable, Hashable, Error {
    public var errorCode: String
    public var errorInfo: String

    public init(errorCode: String, errorInfo: String) {
        self.errorCode = errorCode
        self.errorInfo = errorInfo
    }

    public init(_ code: SBIErrorCode, _ info: String? = nil) {
        self.init(errorCode: code.rawValue, errorInfo: info ?? code.defaultInfo)
    }

    /// The success object, exactly as MOSIP's schemas want it.
    public static let success = SBIErrorInfo(.success)

    public var isSuccess: Bool { errorCode == SBIErrorCode.success.rawValue }
}
