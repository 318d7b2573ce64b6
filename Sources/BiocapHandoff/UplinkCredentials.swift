import Foundation

/// The kit's access key for the store, read from a file only its owner may read. `description` never shows the secret.
public struct UplinkCredentials: Sendable, Hashable, Decodable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String

    enum CodingKeys: String, CodingKey {
        case accessKeyID = "accessKeyId", secretAccessKey
    }

    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    public var description: String { "access key \(accessKeyID)" }

    /// Reads `{"accessKeyId": "…", "secretAccessKey": "…"}`. A file that group or others may read is refused (the
    /// secret may already have leaked; fix the mode), except under `$CREDENTIALS_DIRECTORY`, where systemd decides.
    public static func load(path: String, fromCredentialsDirectory: Bool = false) throws(UplinkConfigurationError) -> UplinkCredentials {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw UplinkConfigurationError(setting: "credentialsFile", reason: "\(path) cannot be read: \(String(cString: strerror(errno)))")
        }
        if !fromCredentialsDirectory, info.st_mode & 0o077 != 0 {
            throw UplinkConfigurationError(
                setting: "credentialsFile",
                reason: "\(path) may be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); make it 0600 (chmod 600) and owned by biocapd's user")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UplinkConfigurationError(setting: "credentialsFile", reason: "\(path) cannot be read")
        }
        guard let credentials = try? JSONDecoder().decode(UplinkCredentials.self, from: data),
              !credentials.accessKeyID.isEmpty, !credentials.secretAccessKey.isEmpty else {
            throw UplinkConfigurationError(
                setting: "credentialsFile", reason: "\(path) is not a JSON object with non-empty \"accessKeyId\" and \"secretAccessKey\"")
        }
        return credentials
    }
}
