import Foundation

/// JSON as `biocapctl sbi … --json` prints it: sorted keys, indented, slashes unescaped.
enum SBIOutput {
    static func json(_ value: some Encodable) throws(CLIError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(value)) } catch {
            throw CLIError(.failed, "cannot encode the output: \(error)")
        }
    }
}
