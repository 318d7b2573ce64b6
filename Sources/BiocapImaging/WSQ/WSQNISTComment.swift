import Foundation

/// The NIST comment NBIS writes first in every WSQ file and reads the resolution from: a COM segment whose text is
/// `NIST_COM <field count>` and then one `NAME value` line per field (NBIS `fet/nistcom.c`, `fet/strfet.c`), with
/// no trailing newline.
struct WSQNISTComment: Sendable, Equatable {
    static let header = "NIST_COM"

    /// The fields after the header line, in order.
    var fields: [(name: String, value: String)]

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.fields.count == rhs.fields.count && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// The comment an encoder writes: size, depth 8, resolution (-1 when unknown), lossy WSQ grey at `bitRate`.
    init(width: Int, height: Int, ppi: Int?, bitRate: Double) {
        fields = [
            ("PIX_WIDTH", "\(width)"), ("PIX_HEIGHT", "\(height)"), ("PIX_DEPTH", "8"), ("PPI", "\(ppi ?? -1)"),
            ("LOSSY", "1"), ("COLORSPACE", "GRAY"), ("COMPRESSION", "WSQ"), ("WSQ_BITRATE", String(format: "%f", bitRate)),
        ]
    }

    /// Parses a comment's text; nil unless it starts with `NIST_COM`.
    init?(text: String) {
        guard text.hasPrefix(Self.header) else { return nil }
        var fields: [(name: String, value: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let name = trimmed.prefix { $0 != " " && $0 != "\t" }
            guard !name.isEmpty else { continue }
            let value = trimmed.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
            if name != Self.header { fields.append((String(name), String(value))) }
        }
        self.fields = fields
    }

    /// The comment's text: the header line counts itself among the fields.
    var text: String {
        (["\(Self.header) \(fields.count + 1)"] + fields.map { "\($0.name) \($0.value)" }).joined(separator: "\n")
    }

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The resolution, when the comment gives a positive one (NBIS writes -1 for unknown).
    var ppi: Int? { value("PPI").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 > 0 ? $0 : nil } }
}
