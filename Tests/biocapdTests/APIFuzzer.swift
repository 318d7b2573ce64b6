import Foundation

/// Makes hostile requests for the daemon's API: the operations come from `docs/openapi.yaml` (paths and
/// methods), the bodies and parameters from a vocabulary of the API's own field names and values mixed with
/// wrong types, extremes, `null`s, deep nesting and malformed JSON, and a share of whole requests with their
/// bytes mutated. Deterministic for a seed.
struct APIFuzzer {
    struct Operation: Hashable { var method: String, path: String }

    private var random: SplitMix
    let operations: [Operation]
    /// Ids seen in answers (captures, packets, lease tokens), reused so requests reach deeper than 404.
    var knownIDs: [String] = ["sim-face-0", "sim-iris-0", "sim-finger-0", "00000000-0000-0000-0000-000000000000"]

    init(seed: UInt64, openAPI: String) {
        random = SplitMix(seed: seed)
        var operations: [Operation] = []
        var path: String?
        for line in openAPI.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /") { path = String(line.dropFirst(2).dropLast()) ; continue }
            if !line.hasPrefix("  "), !line.isEmpty { path = nil }
            guard let current = path else { continue }
            for method in ["get", "post", "put", "delete"] where line == "    \(method):" {
                operations.append(Operation(method: method.uppercased(), path: current))
            }
        }
        self.operations = operations
    }

    // MARK: Requests

    /// The next request, as the bytes to send.
    mutating func nextRequest() -> [UInt8] {
        let roll = random.below(100)
        let text: String
        if roll < 8 {
            text = "\(pick(["GET", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "BREW"])) \(fill(pick(operations).path))\(query()) HTTP/1.1\r\nHost: biocap\r\nConnection: close\r\n\r\n"
        } else {
            let operation = pick(operations)
            var headers = ["Host: biocap", "Connection: close"]
            var body = ""
            if operation.method == "POST" || random.below(10) == 0 {
                body = jsonBody()
                if random.below(10) != 0 { headers.append("Content-Type: \(pick(["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""]))") }
                headers.append("Content-Length: \(body.utf8.count)")
            }
            if random.below(8) == 0 { headers.append("Idempotency-Key: \(pick(["k1", "k2", "", " ", String(repeating: "k", count: 300), "ключ", UUID().uuidString]))") }
            if random.below(20) == 0 { headers.append("Transfer-Encoding: chunked") }
            text = "\(operation.method) \(fill(operation.path))\(query()) HTTP/1.1\r\n" + headers.joined(separator: "\r\n") + "\r\n\r\n" + body
        }
        var bytes = Array(text.utf8)
        if roll >= 8, roll < 20 { mutate(&bytes) }
        return bytes
    }

    /// Flips, inserts, deletes or truncates a few bytes.
    private mutating func mutate(_ bytes: inout [UInt8]) {
        for _ in 0..<(1 + random.below(3)) where !bytes.isEmpty {
            let index = random.below(bytes.count)
            switch random.below(4) {
            case 0: bytes[index] ^= UInt8(1 << random.below(8))
            case 1: bytes.insert(pick([0x00, 0x0A, 0x0D, 0x20, 0x22, 0x7B, 0xFF, 0x3A]), at: index)
            case 2: bytes.remove(at: index)
            default: bytes.removeSubrange(index...)
            }
        }
    }

    private mutating func fill(_ path: String) -> String {
        var result = ""
        var inside = false
        for character in path {
            if character == "{" { inside = true; result += segment(); continue }
            if character == "}" { inside = false; continue }
            if !inside { result.append(character) }
        }
        return result
    }

    private mutating func segment() -> String {
        switch random.below(8) {
        case 0: return pick(["face", "right-index", "left-iris", "%00", "..", "%2e%2e%2f", "a%20b", "x" + String(repeating: "y", count: 400)])
        case 1: return UUID().uuidString.lowercased()
        default: return pick(knownIDs)
        }
    }

    private mutating func query() -> String {
        guard random.below(3) == 0 else { return "" }
        let name = pick(["limit", "state", "frames", "format", "position", "max", "x"])
        let value = pick(["1", "0", "-1", "abc", "1e20", "99999999999999999999", "pending", "dead", "nope", "jpeg", "pgm", "face",
                          "right-index", "", "%00", "%ff", "1.5", "NaN"])
        return "?\(name)=\(value)" + (random.below(4) == 0 ? "&\(name)=2" : "")
    }

    private mutating func jsonBody() -> String {
        switch random.below(12) {
        case 0: return pick(["", "{", "[]", "null", "\"x\"", "{\"a\":}", "{\"enrolmentID\":\"e\",}", "\u{FEFF}{}", "{}{}", "1e999"])
        case 1: return String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        default:
            var fields: [String] = []
            for _ in 0..<random.below(7) {
                let key = pick(Self.fieldNames)
                fields.append("\"\(key)\": \(value(for: key, depth: 0))")
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
    }

    static let fieldNames = ["enrolmentID", "operatorID", "enrolmentId", "operatorId", "captures", "exceptions", "positions",
                             "threshold", "timeoutSeconds", "device", "modality", "max", "leaseSeconds", "leaseToken", "reason",
                             "position", "note", "unknown"]
    static let positions = ["right-index", "left-thumb", "plain-left-four", "plain-right-four", "plain-thumbs", "right-iris",
                            "left-iris", "face", "unknown-finger", "nose"]

    private mutating func value(for key: String, depth: Int) -> String {
        if random.below(4) == 0 { return hostileValue(depth: depth) }
        switch key {
        case "captures": return "[" + (0..<random.below(4)).map { _ in "\"\(pick(knownIDs))\"" }.joined(separator: ",") + "]"
        case "positions": return "[" + (0..<random.below(4)).map { _ in "\"\(pick(Self.positions))\"" }.joined(separator: ",") + "]"
        case "exceptions":
            return "[" + (0..<random.below(3)).map { _ in
                "{\"position\": \"\(pick(Self.positions))\", \"reason\": \"\(pick(["amputated", "bandaged", "other", "sleepy"]))\"}"
            }.joined(separator: ",") + "]"
        case "threshold": return pick(["0", "40", "100", "101", "-1", "50.5"])
        case "timeoutSeconds": return pick(["0.2", "1", "0", "-3", "1e9", "0.0001"])
        case "max": return pick(["1", "5", "100", "101", "0"])
        case "leaseSeconds": return pick(["1", "300", "0", "86401", "1e308"])
        case "modality": return pick(["\"finger\"", "\"iris\"", "\"face\"", "\"voice\""])
        case "leaseToken": return "\"\(pick([UUID().uuidString, "not-a-uuid", knownIDs[0]]))\""
        case "device": return "\"\(pick(knownIDs))\""
        default: return "\"\(pick(["ENR-1", "op", "", " ", "a\nb", "x\u{0}y", String(repeating: "é", count: 129), "😀"]))\""
        }
    }

    private mutating func hostileValue(depth: Int) -> String {
        switch random.below(10) {
        case 0: return "null"
        case 1: return pick(["true", "false"])
        case 2: return pick(["0", "-0", "1e400", "-1e400", "18446744073709551616", "3.14", "-9223372036854775809"])
        case 3: return "\"\(String(repeating: "A", count: random.below(3000)))\""
        case 4: return "\"\\ud800\\u0000\\\"\""
        case 5 where depth < 4: return "[" + (0..<random.below(3)).map { _ in hostileValue(depth: depth + 1) }.joined(separator: ",") + "]"
        case 6 where depth < 4: return "{\"\(pick(Self.fieldNames))\": \(hostileValue(depth: depth + 1))}"
        default: return "{}"
        }
    }

    /// Remembers ids from an answer's JSON (`"id"`, `"packetID"`, `"token"`).
    mutating func learn(from body: String) {
        for key in ["\"id\":\"", "\"packetID\":\"", "\"token\":\""] {
            var rest = body[...]
            while let range = rest.range(of: key) {
                let tail = rest[range.upperBound...]
                if let end = tail.firstIndex(of: "\"") {
                    let id = String(tail[..<end])
                    if !knownIDs.contains(id) { knownIDs.append(id) }
                    if knownIDs.count > 64 { knownIDs.remove(at: 4) }
                }
                rest = tail
            }
        }
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[random.below(values.count)] }
}

/// A small, fast, seedable generator (SplitMix64): a fuzz run is reproduced from its seed.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
}
