import Foundation
import BiocapTestSupport

/// A CSV file of reference scores under `shared/data` (header row, comma-separated, no quoting).
struct ReferenceTable {
    let header: [String]
    let rows: [[String]]

    init(_ relative: String) throws {
        let text = try String(contentsOf: TestData.data(relative), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    /// The value of `column` in `row`, `nil` when empty or not a number.
    func number(_ row: [String], _ column: String) -> Double? {
        guard let index = header.firstIndex(of: column), index < row.count else { return nil }
        return Double(row[index])
    }

    func text(_ row: [String], _ column: String) -> String {
        guard let index = header.firstIndex(of: column), index < row.count else { return "" }
        return row[index]
    }
}
