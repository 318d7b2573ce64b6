import BiocapCore

/// One quality score subfield (ANSI/NIST-ITL 1-2011 §7.7.7): for fingerprints (14.024 FQM) it starts with the
/// finger position (FRMP); for faces (10.024 SQS) and irises (17.024 IQS) it does not.
///
/// Items: QVU the score (0–100; 254 no attempt made; 255 the attempt failed), QAV the algorithm vendor's IBIA id as
/// four hex digits, QAP the vendor's product code (1–65535).
public struct NISTQualityMetric: Sendable, Hashable {
    /// FRMP (Type-14 only): a single finger position.
    public var position: FingerPosition?
    public var score: Int
    public var vendorID: UInt16
    public var productCode: Int

    public init(position: FingerPosition? = nil, score: Int, vendorID: UInt16, productCode: Int) {
        self.position = position
        self.score = score
        self.vendorID = vendorID
        self.productCode = productCode
    }

    /// From an ISO/IEC 19794 quality block: the same 0–100 scale; ISO's 255 ("failed to compute") stays 255.
    public init(_ block: QualityBlock, position: FingerPosition? = nil) {
        self.init(position: position, score: Int(block.score), vendorID: block.algorithmVendorID,
                  productCode: Int(block.algorithmID))
    }

    var items: [String] {
        let hex = String(vendorID, radix: 16, uppercase: true)
        let vendor = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return (position.map { [String($0.rawValue)] } ?? []) + [String(score), vendor, String(productCode)]
    }

    func validate(field: String) throws(RecordError) {
        guard (0...100).contains(score) || score == 254 || score == 255 else {
            throw .invalidField(name: "\(field) QVU", value: "\(score) (allowed 0–100, 254, 255)")
        }
        guard (1...65535).contains(productCode) else {
            throw .valueOutOfRange(field: "\(field) QAP", value: productCode, allowed: 1...65535)
        }
    }

    static func parse(_ items: [String], withPosition: Bool, field: String) throws(RecordError) -> NISTQualityMetric {
        var rest = items[...]
        var position: FingerPosition?
        if withPosition {
            let code = try NISTFieldValues.integer(rest.first ?? "", "\(field) FRMP", 0...255)
            guard let finger = FingerPosition(rawValue: UInt8(code)), !finger.isSlap, finger != .unknown else {
                throw .invalidField(name: "\(field) FRMP", value: "\(code) is not a single finger")
            }
            position = finger
            rest = rest.dropFirst()
        }
        let values = Array(rest)
        guard values.count == 3 else { throw .invalidField(name: field, value: "\(items.count) item(s)") }
        let hex = Array(values[1].utf8)
        guard hex.count == 4, hex.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }),
              let vendor = UInt16(values[1], radix: 16) else {
            throw .invalidField(name: "\(field) QAV", value: "'\(values[1])' is not four hex digits")
        }
        let metric = NISTQualityMetric(
            position: position, score: try NISTFieldValues.integer(values[0], "\(field) QVU", 0...255), vendorID: vendor,
            productCode: try NISTFieldValues.integer(values[2], "\(field) QAP", 0...65535))
        try metric.validate(field: field)
        return metric
    }
}
