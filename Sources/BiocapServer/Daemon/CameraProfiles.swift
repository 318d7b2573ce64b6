import BiocapCore
import BiocapDevices
import BiocapUVC

/// Parses the daemon's `--camera VID:PID=face|iris` settings.
enum CameraProfiles {
    static func parse(_ entries: [String]) throws(BiocapError) -> [USBID: UVCProfile] {
        var profiles: [USBID: UVCProfile] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = USBID(parts[0]) else {
                throw .invalidRequest(field: "--camera", reason: "'\(entry)' is not VID:PID=face|iris")
            }
            switch parts[1].lowercased() {
            case "face": profiles[id] = .face
            case "iris": profiles[id] = .iris
            default: throw .invalidRequest(field: "--camera", reason: "'\(parts[1])' is not face or iris")
            }
        }
        return profiles
    }
}
