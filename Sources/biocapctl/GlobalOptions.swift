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
}
