import BiocapCore

/// The USB IDs the vfs5011 driver handles: libfprint's whole table for it.
public enum VFS5011IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x138a, productID: 0x0010): "Validity sensor (Toshiba laptops)",
        USBID(vendorID: 0x138a, productID: 0x0011): "VFS5011",
        USBID(vendorID: 0x138a, productID: 0x0015): "Validity sensor (Lenovo KUF1256 keyboard)",
        USBID(vendorID: 0x138a, productID: 0x0017): "Validity sensor (Lenovo T440)",
        USBID(vendorID: 0x138a, productID: 0x0018): "Validity sensor",
    ]
}
