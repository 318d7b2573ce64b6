import BiocapHandoff
import Foundation

// biocap-handoff-bench: the hand-off's costs as one JSON object on stdout.
//   biocap-handoff-bench [--repeats N] [--packets N --endpoint URL --bucket B --credentials FILE [--concurrency C]]
// Without --endpoint only the sealing figures are measured. scripts/bench-handoff starts a SeaweedFS and runs both.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("biocap-handoff-bench: \(message)\n".utf8))
    exit(2)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else { fail("usage: see the comment at the top of main.swift") }
    options[String(name.dropFirst(2))] = value
}
let repeats = Int(options["repeats"] ?? "9") ?? 9
var report: [String: Any] = [:]
do {
    report["sealing"] = try SealingBench.run(repeats: repeats)
    if let endpoint = options["endpoint"].flatMap(URL.init(string:)) {
        guard let bucket = options["bucket"], let credentialsPath = options["credentials"] else { fail("--endpoint needs --bucket and --credentials") }
        let credentials = try UplinkCredentials.load(path: credentialsPath)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("biocap-handoff-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        report["delivery"] = try await DeliveryBench.run(
            count: Int(options["packets"] ?? "100") ?? 100, endpoint: endpoint, bucket: bucket, credentials: credentials,
            concurrency: Int(options["concurrency"] ?? "2") ?? 2, directory: directory)
    }
} catch {
    fail("\(error)")
}
let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
FileHandle.standardOutput.write(data + Data("\n".utf8))
