import ArgumentParser

/// Options every subcommand takes: which socket, and whether to print the API's JSON.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("socket"),
            help: ArgumentHelp("The daemon's Unix socket.",
                               discussion: "Default: $BIOCAP_SOCKET, else the daemon's own default, else /run/biocap/biocapd.sock.",
                               valueName: "PATH"))
    var socketOverride: String?

    @Flag(help: "Print the API's JSON document instead of a table.")
    var json = false

    /// The socket to use: `--socket`, else the environment and defaults (`SocketLocator`).
    var socketPath: String {
        socketOverride ?? SocketLocator.defaultPath()
    }

    /// People type global options before the subcommand too (`biocapctl --socket S devices`); ArgumentParser
    /// only reads a subcommand's options after its name. Moves the leading `--socket PATH`, `--socket=PATH`
    /// and `--json` to after the subcommand path (before a `--` if there is one); everything else is untouched.
    static func movingLeadingOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--json" || first.hasPrefix("--socket=") {
                leading.append(first)
                rest.removeFirst()
            } else if first == "--socket", rest.count >= 2 {
                leading += rest.prefix(2)
                rest.removeFirst(2)
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var moved = Array(rest)
        moved.insert(contentsOf: leading, at: moved.firstIndex(of: "--") ?? moved.endIndex)
        return moved
    }
}
