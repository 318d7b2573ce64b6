import BiocapSBIProtocol
import Foundation

/// Writes what `biocapctl sbi capture` got: each ISO record as `<position>.iso`, `capture.json` (request, verdicts,
/// the last hash) and `response.json` (the answer's bytes as received).
struct SBICaptureFiles {
    let directory: String

    /// `capture.json`.
    struct Summary: Codable {
        var directory: String
        var port: Int
        var transactionId: String
        var deviceId: String
        var deviceSubId: String
        /// The hash the chain continued from (lowercase on a new chain, SHA-256("")).
        var previousHash: String
        /// The next capture's `--previous-hash`; nil when the answer did not verify.
        var lastHash: String?
        var verified: Bool
        var problems: [String]
        var entries: [Entry]
    }

    /// One `biometrics` entry in `capture.json`.
    struct Entry: Codable {
        var index: Int
        var verdict: SBICaptureEntryVerdict.Verdict
        var position: String
        var bioType: String?
        var bioSubType: String?
        var qualityScore: String?
        var requestedScore: String?
        var timestamp: String?
        var deviceCode: String?
        var digitalId: SBIDigitalID?
        var hash: String
        var expectedHash: String?
        var error: SBIErrorInfo?
        /// The record's file name in the directory.
        var file: String?
        var recordBytes: Int?
        var certificate: SBICertificateSummary?
        var problems: [String]
    }

    func write(report: SBICaptureReport, request: SBICaptureRequest, port: Int, previousHash: String?,
               response: [UInt8]) throws(CLIError) -> Summary {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError(.failed, "cannot create \(directory): \(error.localizedDescription)")
        }
        var used: Set<String> = []
        var entries: [Entry] = []
        for verdict in report.entries {
            var file: String?
            if let record = verdict.record {
                let name = uniqueName(for: verdict.position, used: &used)
                try save(record, as: name)
                file = name
            }
            entries.append(Entry(
                index: verdict.index, verdict: verdict.verdict, position: verdict.position, bioType: verdict.data?.bioType,
                bioSubType: verdict.data?.bioSubType, qualityScore: verdict.data?.qualityScore,
                requestedScore: verdict.data?.requestedScore, timestamp: verdict.data?.timestamp,
                deviceCode: verdict.data?.deviceCode, digitalId: verdict.digitalId, hash: verdict.hash,
                expectedHash: verdict.expectedHash, error: verdict.error, file: file, recordBytes: verdict.record?.count,
                certificate: verdict.certificate, problems: verdict.problems))
        }
        let bio = request.bio?.first
        let summary = Summary(
            directory: directory, port: port, transactionId: request.transactionId ?? "", deviceId: bio?.deviceId ?? "",
            deviceSubId: bio?.deviceSubId ?? "", previousHash: bio?.previousHash ?? previousHash ?? "",
            lastHash: report.lastHash, verified: report.isVerified, problems: report.problems, entries: entries)
        try save(try SBIOutput.json(summary), as: "capture.json")
        try save(response, as: "response.json")
        return summary
    }

    /// `Left IndexFinger` → `LeftIndexFinger.iso`; a second record of the same position gets `-2`. The position comes
    /// from the device, so only letters, digits, `-` and `_` are kept (no path can be smuggled in).
    private func uniqueName(for position: String, used: inout Set<String>) -> String {
        let kept = position.unicodeScalars.filter { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
        let base = kept.isEmpty ? "record" : String(kept)
        var name = base + ".iso", number = 2
        while used.contains(name) {
            name = "\(base)-\(number).iso"
            number += 1
        }
        used.insert(name)
        return name
    }

    private func save(_ bytes: [UInt8], as name: String) throws(CLIError) {
        let path = (directory as NSString).appendingPathComponent(name)
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError(.failed, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
