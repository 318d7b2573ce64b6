/// Where a kit's deliveries live in the bucket: `<prefix>/kits/<kit-id>/kit.pem` and
/// `<prefix>/kits/<kit-id>/packets/<packet-id>/{records/<record-id>.sealed, packet-manifest.sealed, manifest.json,
/// manifest.sig}`. An empty prefix puts `kits/` at the bucket's root.
public struct DeliveryLayout: Sendable, Hashable {
    /// The prefix without leading or trailing slashes (may be empty).
    public let prefix: String

    /// The record id used to seal the packet manifest (`info` = `biocap/v1 <packet-id>/packet-manifest`).
    public static let packetManifestRecordID = "packet-manifest"
    public static let packetManifestObject = "packet-manifest.sealed"
    public static let manifestObject = "manifest.json"
    public static let signatureObject = "manifest.sig"

    public init(prefix: String) {
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
    }

    private var root: String { prefix.isEmpty ? "kits/" : prefix + "/kits/" }

    /// The folder holding every kit (`<prefix>/kits/`).
    public var kitsFolder: String { root }

    public func kitFolder(_ kitID: String) -> String { root + kitID + "/" }

    public func kitKey(_ kitID: String) -> String { kitFolder(kitID) + "kit.pem" }

    public func packetFolder(kitID: String, packetID: String) -> String { kitFolder(kitID) + "packets/" + packetID + "/" }

    /// `records/<record-id>.sealed`, relative to the packet's folder.
    public static func recordObject(_ recordID: String) -> String { "records/" + recordID + ".sealed" }

    /// A kit id, packet id or record id is one path segment: letters, digits, `-`, `_`, `.`, not `.` or `..`,
    /// 1–128 characters. Anything else would let an id escape its folder.
    public static func isSafeSegment(_ text: String) -> Bool {
        guard (1...128).contains(text.utf8.count), text != ".", text != ".." else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }
}
