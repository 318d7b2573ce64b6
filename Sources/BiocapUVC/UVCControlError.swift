import BiocapDeviceKit

/// A control the camera does not advertise.
public enum UVCControlError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupported(UVCControl)

    public var description: String {
        switch self {
        case .unsupported(let control): "the camera does not advertise the \(control.rawValue) control"
        }
    }
}
