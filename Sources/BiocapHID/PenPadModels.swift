import BiocapCore

/// Active areas of pen tablets whose report descriptors give no believable physical size (see
/// `PenReport.activeAreaMillimetres`), by VID:PID, each with where the size comes from. Only IDs that name one
/// model are listed: Huion/Gaomon share 256c:0064/006d/006e across dozens of models (libwacom tells them apart by
/// firmware string), so their size cannot come from a VID:PID table.
public enum PenPadModels {
    public struct Entry: Sendable, Hashable {
        public var model: String
        public var widthMillimetres: Double
        public var heightMillimetres: Double
        /// Where the size was read.
        public var source: String
    }

    public static let table: [USBID: Entry] = [
        // Descriptor: 4 × 3 in for 32,767 counts (322 counts/mm, finer than the 5,080 lpi it is sold with).
        USBID(vendorID: 0x28BD, productID: 0x0913): Entry(
            model: "XP-Pen Star G430S", widthMillimetres: 102, heightMillimetres: 76,
            source: "libwacom data/xp-pen-g430s.tablet (Width=102 Height=76), commit 0b427a3"),
        // Descriptor: 20.8 × 28 mm for 32,767 counts.
        USBID(vendorID: 0x2FEB, productID: 0x0002): Entry(
            model: "VEIKK A30", widthMillimetres: 254, heightMillimetres: 152.4,
            source: "DIGImend/tablets VEIKK_A30/index.md (working area 10 × 6 in, 5080 lpi), commit 85e2a2f"),
    ]

    /// The active area for a device, when the table knows its ID.
    public static func activeArea(for id: USBID) -> (width: Double, height: Double)? {
        table[id].map { ($0.widthMillimetres, $0.heightMillimetres) }
    }
}
