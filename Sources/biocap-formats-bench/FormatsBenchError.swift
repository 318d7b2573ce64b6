/// A benchmark run that cannot start.
enum FormatsBenchError: Error, CustomStringConvertible {
    case usage(String)
    case data(String)

    var description: String {
        switch self {
        case .usage(let message): message
        case .data(let message): message
        }
    }
}
