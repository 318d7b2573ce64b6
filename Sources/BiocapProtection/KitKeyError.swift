/// Why the kit's keys could not be loaded or created; each says which file and what to do.
public enum KitKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key directory or a key file cannot be read or created.
    case unreadable(path: String, reason: String)
    /// A key file may be read by others (group or world permission bits set).
    case insecurePermissions(path: String, mode: UInt16)
    /// A key file is not a 32-byte key.
    case malformed(path: String, reason: String)
    /// One of the two key files exists without the other: the keys were damaged or half copied.
    case incomplete(present: String, missing: String)

    public var code: String {
        switch self {
        case .unreadable: "kit-key-unreadable"
        case .insecurePermissions: "kit-key-permissions"
        case .malformed: "kit-key-malformed"
        case .incomplete: "kit-key-incomplete"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "the kit key \(path) cannot be read or created: \(reason)"
        case .insecurePermissions(let path, let mode):
            "the kit key \(path) has mode \(String(mode, radix: 8)); it must be readable by its owner only (chmod 600)"
        case .malformed(let path, let reason): "the kit key \(path) is not a key: \(reason)"
        case .incomplete(let present, let missing):
            "\(present) exists but \(missing) does not; restore both from the backup (new keys would orphan the queue)"
        }
    }
}
