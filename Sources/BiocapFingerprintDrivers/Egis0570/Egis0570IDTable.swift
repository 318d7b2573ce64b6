import BiocapCore

/// The USB IDs the egis0570 driver handles (libfprint's whole `egis0570` table).
public enum Egis0570IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x1c7a, productID: 0x0570): "Egis 0570",
        USBID(vendorID: 0x1c7a, productID: 0x0571): "Egis 0571",
    ]
}
