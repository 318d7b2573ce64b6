import BiocapCore

/// The USB IDs the elan driver handles (libfprint's whole `elan` table) and each one's quirks.
public enum ElanIDTable {
    public static let vendorID: UInt16 = 0x04f3

    /// Product IDs with their quirks; all others are plain.
    public static let productIDs: [UInt16] = {
        var ids: [UInt16] = [0x0903, 0x0907]
        ids += (UInt16(0x0c01)...UInt16(0x0c33)).map { $0 }
        ids += [0x0c3d, 0x0c42, 0x0c4b, 0x0c4d, 0x0c4f, 0x0c63, 0x0c6e, 0x0c58]
        return ids
    }()

    public static let models: [USBID: String] = Dictionary(uniqueKeysWithValues: productIDs.map {
        (USBID(vendorID: vendorID, productID: $0), "Elan fingerprint sensor \(String(format4($0)))")
    })

    /// The quirks of `id` (none for IDs not in the table).
    public static func quirks(for id: USBID) -> ElanQuirks {
        guard id.vendorID == vendorID else { return [] }
        switch id.productID {
        case 0x0907: return .elan0907
        case 0x0c03: return .elan0c03
        case 0x0c42: return .elan0c42
        default: return []
        }
    }

    private static func format4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
