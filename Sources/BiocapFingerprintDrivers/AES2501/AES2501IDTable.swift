import BiocapCore

/// The USB IDs the AES2501 driver handles (libfprint's whole `aes2501` table).
public enum AES2501IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x08ff, productID: 0x2500): "AES2500",
        USBID(vendorID: 0x08ff, productID: 0x2580): "AES2501",
    ]
}
