import ArgumentParser
import BiocapSBIProtocol

/// `--port`: where the SBI service listens on 127.0.0.1.
struct SBIOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The SBI service's port on 127.0.0.1 (MOSIP's services use 4501-4600).", valueName: "N"))
    var port: Int = 4501

    mutating func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1-65535, not \(port)") }
    }
}
