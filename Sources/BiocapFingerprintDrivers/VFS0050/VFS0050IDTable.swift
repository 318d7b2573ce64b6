import BiocapCore

/// The USB IDs the vfs0050 driver handles: libfprint's whole table for it.
public enum VFS0050IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x138a, productID: 0x0050): "VFS0050",
    ]
}
