import BiocapTestSupport
import Foundation

/// The real descriptors in `shared/devices/hid/descriptors` with their reference parse (`index.json`, made with
/// hid-tools and cross-checked by an independent parser), and the recorded pen strokes.
enum HIDCorpus {
    static let folder = TestData.sharedRoot.appendingPathComponent("devices/hid")

    struct Entry {
        var file: String
        var kind: String
        var bytes: [UInt8]
        var penReports: [[String: Any]]
    }

    static func entries() throws -> [Entry] {
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("descriptors/index.json")))
        let descriptors = (index as? [String: Any])?["descriptors"] as? [[String: Any]] ?? []
        return try descriptors.map { item in
            let file = item["file"] as? String ?? ""
            let text = try String(contentsOf: folder.appendingPathComponent("descriptors/" + file), encoding: .utf8)
            return Entry(file: file, kind: item["kind"] as? String ?? "", bytes: hex(text), penReports: item["pen_reports"] as? [[String: Any]] ?? [])
        }
    }

    static func hex(_ text: String) -> [UInt8] {
        text.split(whereSeparator: { $0 == " " || $0.isNewline }).compactMap { UInt8($0, radix: 16) }
    }

    static func usage(_ text: Any?) -> UInt32? {
        guard let text = text as? String, text.hasPrefix("0x") else { return nil }
        return UInt32(text.dropFirst(2), radix: 16)
    }
}
