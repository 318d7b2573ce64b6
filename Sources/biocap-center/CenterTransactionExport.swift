import BiocapRecords
import Foundation

/// `biocap-center fetch --format an2`: the fetched packet as an ANSI/NIST-ITL 1-2011 transaction, built from the
/// files `fetch` has just written and checked (`packet-manifest.json` and `<record-id>.<format>.bin`).
enum CenterTransactionExport {
    static let fileName = "transaction.an2"

    /// Builds the transaction from `directory` and writes it there; returns its path.
    static func write(in directory: URL) throws -> URL {
        let manifestBytes = try Data(contentsOf: directory.appendingPathComponent("packet-manifest.json"))
        // The kit stores its manifest with dates as seconds since 2001 (JSONDecoder's default); ISO 8601 also reads.
        let manifest: PacketManifest
        if let decoded = try? JSONDecoder().decode(PacketManifest.self, from: manifestBytes) {
            manifest = decoded
        } else {
            manifest = try PacketManifest.decode(json: Array(manifestBytes))
        }
        var records: [PacketRecord] = []
        for named in manifest.namedRecords {
            let file = directory.appendingPathComponent("\(named.recordID).\(named.recordFormat.rawValue).bin")
            records.append(PacketRecord(id: named.recordID, format: named.recordFormat, bytes: [UInt8](try Data(contentsOf: file))))
        }
        let transaction = try PacketTransaction.encode(CapturePacket(manifest: manifest, records: records),
                                                       segments: PacketTransaction.segments(in: manifest))
        let url = directory.appendingPathComponent(fileName)
        try Data(transaction).write(to: url, options: .atomic)
        return url
    }
}
