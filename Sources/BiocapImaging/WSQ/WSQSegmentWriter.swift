import BiocapCore

/// Appends WSQ markers and marker segments (marker, 16-bit length counting itself, payload), big-endian.
struct WSQSegmentWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func marker(_ marker: WSQMarker) {
        bytes.append(UInt8(marker.rawValue >> 8))
        bytes.append(UInt8(marker.rawValue & 0xFF))
    }

    mutating func segment(_ marker: WSQMarker, _ payload: [UInt8]) throws(ImageError) {
        let length = payload.count + 2
        guard length <= Int(UInt16.max) else { throw .codec("WSQ \(marker.name) segment of \(length) bytes is too long") }
        self.marker(marker)
        bytes.append(UInt8(length >> 8))
        bytes.append(UInt8(length & 0xFF))
        bytes.append(contentsOf: payload)
    }

    mutating func append(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// The DTT payload: both filter lengths, then the right half of the low-pass and of the high-pass, each tap as a
    /// sign byte, an exponent byte and a 32-bit integer.
    static func transformTablePayload(_ filters: WSQFilterBank) throws(ImageError) -> [UInt8] {
        var payload = [UInt8(filters.analysisLowpass.count), UInt8(filters.analysisHighpass.count)]
        for tap in WSQFilterBank.rightHalf(filters.analysisLowpass) + WSQFilterBank.rightHalf(filters.analysisHighpass) {
            guard let scaled = WSQScaledNumber.encode32(Double(tap.magnitude)) else { throw .codec("WSQ filter tap \(tap) cannot be stored") }
            payload.append(tap < 0 ? 1 : 0)
            payload.append(scaled.exponent)
            payload.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: scaled.integer >> UInt32($0)) })
        }
        return payload
    }

    /// The DHT payload for one table: its number, the 16 code-length counts, the values.
    static func huffmanTablePayload(id: UInt8, _ table: WSQHuffmanTable) -> [UInt8] {
        [id] + table.bits + table.values
    }
}
