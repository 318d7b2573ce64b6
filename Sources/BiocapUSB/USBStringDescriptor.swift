/// Reading a device's string descriptors (USB 2.0 §9.6.7): the language list (index 0) and UTF-16LE strings.
/// Pure decoding of what the device sent, which may be anything: lengths are checked against the bytes received,
/// and control characters become `?`, so a device cannot put terminal escapes into `biocapctl usb`.
enum USBStringDescriptor {
    /// Descriptor type of a string descriptor.
    static let type: UInt8 = 0x03
    /// A device must start answering a standard request with a data stage within 500 ms (USB 2.0 §9.2.6.4); libusb's
    /// own string helper waits 1 s, for the language list it asks again before every string.
    static let timeout: Duration = .milliseconds(500)

    /// The first language ID of a language-list descriptor (string index 0), or nil when it is malformed or empty.
    static func firstLanguage(_ bytes: [UInt8]) -> UInt16? {
        guard let payload = payload(bytes), payload.count >= 2 else { return nil }
        return UInt16(payload[payload.startIndex]) | UInt16(payload[payload.startIndex + 1]) << 8
    }

    /// The text of a string descriptor, or nil when it is malformed or empty. Trailing NULs (padding some devices
    /// send) are dropped; an odd last byte is ignored; invalid UTF-16 becomes U+FFFD.
    static func text(_ bytes: [UInt8]) -> String? {
        guard let payload = payload(bytes) else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(payload.count / 2)
        var index = payload.startIndex
        while index + 1 < payload.endIndex {
            units.append(UInt16(payload[index]) | UInt16(payload[index + 1]) << 8)
            index += 2
        }
        while units.last == 0 { units.removeLast() }
        let decoded = String(decoding: units, as: UTF16.self)
        let printable = String(String.UnicodeScalarView(decoded.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "?" : scalar
        }))
        return printable.isEmpty ? nil : printable
    }

    /// The bytes after the two-byte header, as many as both `bLength` and the transfer allow; nil when the header
    /// is short or not a string descriptor.
    private static func payload(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard bytes.count >= 2, bytes[1] == type else { return nil }
        let length = min(Int(bytes[0]), bytes.count)
        guard length >= 2 else { return nil }
        return bytes[2..<length]
    }
}
