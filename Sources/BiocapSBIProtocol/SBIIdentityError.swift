/// Why a device identity (key and certificate) cannot be made, read or used.
public enum SBIIdentityError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
