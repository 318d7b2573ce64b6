import BiocapCore

/// The USB IDs the vfs301 driver handles: libfprint's whole table for it.
public enum VFS301IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x138a, productID: 0x0005): "VFS301",
        USBID(vendorID: 0x138a, productID: 0x0008): "VFS300",
    ]
}
