import BiocapRecords
import Hummingbird

extension APIServer {
    /// The transaction's Type-1 values from `GET /v1/packets/{id}/transaction`'s query: `tot` (1.004, 1–16 letters),
    /// `dai` (1.007, 1–64 printable ASCII characters) and `version` (1.002: 0500, 0501 or 0502); defaults otherwise.
    static func transactionOptions(_ request: Request) throws -> PacketTransactionOptions {
        var options = PacketTransactionOptions()
        let query = request.uri.queryParameters
        if let tot = query.get("tot") {
            guard (1...16).contains(tot.utf8.count), tot.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw APIError.invalid("tot", "must be 1–16 letters (the receiver's type of transaction, e.g. BIO)")
            }
            options.typeOfTransaction = tot
        }
        if let dai = query.get("dai") {
            guard (1...64).contains(dai.utf8.count), dai.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                throw APIError.invalid("dai", "must be 1–64 printable ASCII characters (the receiving agency's identifier)")
            }
            options.destinationAgency = dai
        }
        if let version = query.get("version") {
            guard let parsed = NISTVersion(rawValue: version) else {
                throw APIError.invalid("version", "must be \(NISTVersion.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.version = parsed
        }
        return options
    }
}
