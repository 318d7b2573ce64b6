

/// A plain text table: a header row and rows padded into left-aligned columns two spaces apart.
struct Table {
    var headers: [String]
    private(set) var rows: [[String]] = []

    init(_ headers: [String]) {
        self.headers = headers
    }

    /// Adds a row; missing cells print empty, extra cells are dropped.
    mutating func add(_ cells: [String]) {
        rows.append(Array((cells + Array(repeating: "", count: max(0, headers.count - cells.count))).prefix(headers.count)))
    }

    /// The table as lines joined by newlines, without trailing spaces.
    func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[..<end])
    }
}
