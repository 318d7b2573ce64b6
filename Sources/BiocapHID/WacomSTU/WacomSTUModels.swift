import BiocapCore

/// The Wacom STU signature pads by USB ID (vendor 0x056A), with whether their LCD is colour.
public enum WacomSTUModels {
    public struct Model: Sendable, Hashable {
        public var name: String
        public var colour: Bool
    }

    /// From DennisWacom/InkPlatform's per-model classes and pabloko/Wacom-STU-WebHID (see README.md): the two
    /// disagree on the STU-540 (0x00A7 vs 0x00A8), so both are listed.
    public static let table: [USBID: Model] = [
        USBID(vendorID: 0x056A, productID: 0x00A1): Model(name: "STU-500", colour: false),
        USBID(vendorID: 0x056A, productID: 0x00A2): Model(name: "STU-300", colour: false),
        USBID(vendorID: 0x056A, productID: 0x00A3): Model(name: "STU-520", colour: true),
        USBID(vendorID: 0x056A, productID: 0x00A4): Model(name: "STU-430", colour: false),
        USBID(vendorID: 0x056A, productID: 0x00A5): Model(name: "STU-530", colour: true),
        USBID(vendorID: 0x056A, productID: 0x00A6): Model(name: "STU-430V", colour: false),
        USBID(vendorID: 0x056A, productID: 0x00A7): Model(name: "STU-540", colour: true),
        USBID(vendorID: 0x056A, productID: 0x00A8): Model(name: "STU-540/541", colour: true),
    ]
}
