import Foundation

/// One of the shared hid-recorder recordings (`R:` descriptor, `E:` reports) with its reference `.csv`.
struct PenRecordingFile {
    struct Row {
        var x: Int
        var y: Int
        var pressure: Int
        var tip: Bool
        var inRange: Bool
    }

    static let names = ["xp-pen-g640s_28bd-0906", "xp-pen-deco-01-v2-revb_28bd-0905"]

    var descriptor: [UInt8]
    var reports: [[UInt8]]
    var rows: [Row]

    init(_ name: String) throws {
        let folder = HIDCorpus.folder.appendingPathComponent("recordings")
        let lines = try String(contentsOf: folder.appendingPathComponent(name + ".hid"), encoding: .utf8).split(whereSeparator: \.isNewline)
        descriptor = lines.first { $0.hasPrefix("R: ") }.map { $0.split(separator: " ").dropFirst(2).compactMap { UInt8($0, radix: 16) } } ?? []
        reports = lines.filter { $0.hasPrefix("E: ") }.map { $0.split(separator: " ").dropFirst(3).compactMap { UInt8($0, radix: 16) } }
        rows = try String(contentsOf: folder.appendingPathComponent(name + ".csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { line in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return Row(x: Int(cells[2]) ?? -1, y: Int(cells[3]) ?? -1, pressure: Int(cells[4]) ?? -1, tip: cells[5] == "1",
                           inRange: cells[6] == "1")
            }
    }
}
