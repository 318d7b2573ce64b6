import BiocapCore

/// The USB IDs of libfprint's uru4000 driver, each with its profile. Only 05ba:000a (U.are.U 4500) is
/// proven on a recording; the others follow libfprint's table (see README.md).
public enum URU4000IDTable {
    public static let profiles: [USBID: URU4000Profile] = [
        USBID(vendorID: 0x045e, productID: 0x00bb): .microsoftKeyboard,
        USBID(vendorID: 0x045e, productID: 0x00bc): .microsoftIntelliMouse,
        USBID(vendorID: 0x045e, productID: 0x00bd): .microsoftStandalone,
        USBID(vendorID: 0x045e, productID: 0x00ca): .microsoftStandaloneV2,
        USBID(vendorID: 0x05ba, productID: 0x0007): .uareu4000,
        USBID(vendorID: 0x05ba, productID: 0x0008): .uareu4000,
        USBID(vendorID: 0x05ba, productID: 0x000a): .uareu4000B,
    ]

    /// Model names shown in device descriptors.
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x045e, productID: 0x00bb): "Keyboard with Fingerprint Reader",
        USBID(vendorID: 0x045e, productID: 0x00bc): "Wireless IntelliMouse with Fingerprint Reader",
        USBID(vendorID: 0x045e, productID: 0x00bd): "Fingerprint Reader",
        USBID(vendorID: 0x045e, productID: 0x00ca): "Fingerprint Reader v2",
        USBID(vendorID: 0x05ba, productID: 0x0007): "U.are.U 4000",
        USBID(vendorID: 0x05ba, productID: 0x0008): "U.are.U 4000 (keyboard)",
        USBID(vendorID: 0x05ba, productID: 0x000a): "U.are.U 4000B/4500",
    ]

    /// The profile for `id`; the U.are.U 4000B/4500 one for IDs outside the table.
    public static func profile(for id: USBID) -> URU4000Profile {
        profiles[id] ?? .uareu4000B
    }
}
